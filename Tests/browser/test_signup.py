"""A person signs up, opens the verification link from the outbox, logs in and sees the home page.

Runs against a live `igroups serve` whose address is in IGROUPS_URL and whose outbox is IGROUPS_OUTBOX."""
import email
import email.policy
import glob
import os
import re
import time
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ.get("IGROUPS_URL", "http://127.0.0.1:8080")
OUTBOX = os.environ.get("IGROUPS_OUTBOX", "data/outbox")


def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-GB"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-GB,en"})
    return webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)


def verification_link(address, timeout=20):
    """Waits for the mail to `address` in the outbox and returns the link in its text part."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for path in sorted(glob.glob(os.path.join(OUTBOX, "*.eml"))):
            with open(path, "rb") as handle:
                message = email.message_from_binary_file(handle, policy=email.policy.default)
            if address in str(message["To"]):
                text = message.get_body(preferencelist=("plain",)).get_content()
                match = re.search(r"https?://\S+/verify/\S+", text)
                if match:
                    return match.group(0)
        time.sleep(0.3)
    raise AssertionError(f"no verification mail to {address} in {OUTBOX}")


class SignupFlow(unittest.TestCase):
    def setUp(self):
        self.driver = make_driver()
        self.driver.implicitly_wait(5)

    def tearDown(self):
        self.driver.quit()

    def click_and_wait(self, by, selector):
        """Clicks something that loads a new page, and waits until the new page has replaced the old."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.find_element(by, selector).click()
        WebDriverWait(self.driver, 10).until(expected_conditions.staleness_of(old))

    def fill(self, name, value):
        field = self.driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)

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
