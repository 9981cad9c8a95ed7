"""A writer sees the page's preview follow the typing, drawn by the server, before saving it.

Runs against a live `igroups serve` whose address is in IGROUPS_URL and whose outbox is IGROUPS_OUTBOX."""
import time
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import browser_helpers as helpers


class Pages(helpers.BrowserCase):
    def test_live_preview_while_writing(self):
        d = self.driver
        stamp = str(int(time.time() * 1000))[-8:]
        self.sign_up_verified(f"karen{stamp}", "blixen-afrika-1937", name="Karen Blixen")

        d.get(helpers.BASE + "/groups/new")
        self.fill("name", "Læsekredsen")
        self.fill("slug", f"laes-{stamp}")
        self.click_and_wait(By.CSS_SELECTOR, "form[action^='/groups/new'] button[type=submit]")

        d.get(helpers.BASE + f"/g/laes-{stamp}/pages/new")
        preview = d.find_element(By.CSS_SELECTOR, "section.preview")
        self.assertFalse(preview.is_displayed())
        self.fill("title", "Næste møde")
        body = d.find_element(By.NAME, "body")
        body.send_keys("Vi læser *Babettes gæstebud*.\n\n- Te\n- Kage <script>alert(1)</script>")
        # The preview appears by itself, drawn by the server: emphasis and a list, the script as text.
        WebDriverWait(d, 10).until(lambda driver: preview.is_displayed() and "Kage" in preview.text)
        self.assertEqual(preview.find_element(By.CSS_SELECTOR, ".prose em").text, "Babettes gæstebud")
        self.assertEqual(len(preview.find_elements(By.CSS_SELECTOR, ".prose li")), 2)
        self.assertEqual(preview.find_elements(By.CSS_SELECTOR, ".prose script"), [])
        self.assertIn("<script>alert(1)</script>", preview.find_element(By.CSS_SELECTOR, ".prose").text)
        self.assertEqual(preview.find_element(By.TAG_NAME, "h1").text, "Næste møde")
        # It keeps up with further typing.
        body.send_keys("\n\n**Husk bogen**")
        WebDriverWait(d, 10).until(lambda driver: len(preview.find_elements(By.CSS_SELECTOR, ".prose strong")) == 1)

        self.fill("slug", "moede")
        self.click_and_wait(By.CSS_SELECTOR, "form[action$='/pages/new'] button.button-primary")
        self.assertIn(f"/g/laes-{stamp}/pages/moede", d.current_url)
        self.assertEqual(d.find_element(By.CSS_SELECTOR, ".prose strong").text, "Husk bogen")


if __name__ == "__main__":
    unittest.main(verbosity=2)
