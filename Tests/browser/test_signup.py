"""A person signs up, opens the verification link from the outbox, logs in and sees the home page.

Runs against a live `igroups serve` whose address is in IGROUPS_URL and whose outbox is IGROUPS_OUTBOX."""
import os
import time
import unittest

from selenium.webdriver.common.by import By

from browser_helpers import BASE, BrowserCase, verification_link


class SignupFlow(BrowserCase):
    def test_sign_up_verify_log_in(self):
        d = self.driver
        stamp = str(int(time.time() * 1000))[-8:]
        username, address, password = f"karen{stamp}", f"karen{stamp}@example.org", "blaa-bjerge-77"

        d.get(BASE + "/")
        self.click_and_wait(By.LINK_TEXT, "Create a free account")
        self.fill("username", username)
        self.fill("name", "Karen Blixen")
        self.fill("email", address)
        self.fill("password", password)
        d.execute_script("document.getElementById('field-birthdate').value = '1985-04-17'")
        d.find_element(By.ID, "field-accept_policy").click()
        self.click_and_wait(By.CSS_SELECTOR, "form[action='/signup'] button[type=submit]")
        self.assertIn("Welcome! We have sent a link", d.find_element(By.CSS_SELECTOR, ".notice").text)
        self.assertIn("Confirm your email address", d.find_element(By.CSS_SELECTOR, ".verify-banner").text)

        # Log out, open the link from the mail, log in.
        d.find_element(By.CSS_SELECTOR, ".account-menu summary").click()
        self.click_and_wait(By.CSS_SELECTOR, "form[action='/logout'] button")
        self.assertIn("You are logged out", d.find_element(By.CSS_SELECTOR, ".notice").text)

        d.get(verification_link(address))
        self.assertIn("/login", d.current_url)
        self.assertIn("your email address is confirmed", d.find_element(By.CSS_SELECTOR, ".notice").text)
        self.fill("login", address.upper())
        self.fill("password", password)
        self.click_and_wait(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]")

        self.assertEqual(d.find_element(By.TAG_NAME, "h1").text, "Hello Karen Blixen")
        self.assertEqual(d.find_elements(By.CSS_SELECTOR, ".verify-banner"), [])
        self.assertIn("You are not in any groups yet", d.page_source)
        d.save_screenshot(os.environ.get("IGROUPS_SCREENSHOT", "/tmp/igroups-home.png"))

    def test_wrong_password_is_shown_by_the_field(self):
        d = self.driver
        d.get(BASE + "/login")
        self.fill("login", "nobody-here")
        self.fill("password", "not-a-password")
        self.click_and_wait(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]")
        summary = d.find_element(By.CSS_SELECTOR, ".error-summary")
        self.assertIn("The username or password is wrong", summary.text)
        self.assertEqual(d.find_element(By.ID, "field-login").get_attribute("aria-invalid"), "true")


if __name__ == "__main__":
    unittest.main(verbosity=2)
