"""A verified person creates a group with a logo through the upload form, then asks for their data
and watches the privacy page refresh itself until the download is ready.

Runs against a live `igroups serve` whose address is in IGROUPS_URL and whose outbox is IGROUPS_OUTBOX."""
import os
import time
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import browser_helpers as helpers

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "IGroupsTests", "Fixtures")


class GroupsAndPrivacy(helpers.BrowserCase):
    def test_group_with_logo_and_data_download(self):
        d = self.driver
        stamp = str(int(time.time() * 1000))[-8:]
        username, password = f"asta{stamp}", "stumme-film-1911"
        self.sign_up_verified(username, password)

        d.get(helpers.BASE + "/groups/new")
        self.fill("name", "Filmklubben")
        self.fill("slug", f"film-{stamp}")
        self.fill("description", "Vi ser **stumfilm**.")
        d.find_element(By.NAME, "logo").send_keys(os.path.abspath(os.path.join(FIXTURES, "logo-600x400.png")))
        self.click_and_wait(By.CSS_SELECTOR, "form[action^='/groups/new'] button[type=submit]")
        self.assertIn(f"/g/film-{stamp}", d.current_url)
        logo = d.find_element(By.CSS_SELECTOR, ".group-header img.group-logo")
        WebDriverWait(d, 10).until(lambda driver: driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", logo))
        self.assertEqual(d.execute_script("return arguments[0].naturalWidth", logo), 256)
        self.assertEqual(d.execute_script("return arguments[0].naturalHeight", logo), 171)

        d.get(helpers.BASE + "/me/privacy")
        self.click_and_wait(By.CSS_SELECTOR, "form[action='/me/privacy/export'] button")
        # The page looks again by itself until the job has built the file.
        WebDriverWait(d, 30).until(lambda driver: "Your file is ready" in driver.page_source)
        self.click_and_wait(By.LINK_TEXT, "Download the file")
        self.assertIn("Enter your password again", d.page_source)


if __name__ == "__main__":
    unittest.main(verbosity=2)
