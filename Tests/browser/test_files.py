"""A member shares files with their group: several at once through the upload form (sent by the page's
script with a progress bar), a file named at once when it is over the limit, a preview of a text file,
and a new version.

Runs against a live `igroups serve` whose address is in IGROUPS_URL and whose outbox is IGROUPS_OUTBOX."""
import os
import tempfile
import time
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import browser_helpers as helpers


class FilesFlow(helpers.BrowserCase):
    def write(self, folder, name, text):
        path = os.path.join(folder, name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return path

    def test_upload_preview_and_version(self):
        d = self.driver
        stamp = str(int(time.time() * 1000))[-8:]
        self.sign_up_verified(f"karen{stamp}", "solsort-paa-taget-3", name="Karen Blixen")
        d.get(helpers.BASE + "/groups/new")
        self.fill("name", "Haveforeningen")
        self.fill("slug", f"have-{stamp}")
        self.click_and_wait(By.CSS_SELECTOR, "form[action^='/groups/new'] button[type=submit]")

        d.get(helpers.BASE + f"/g/have-{stamp}/files")
        self.assertIn("No files yet", d.page_source)
        with tempfile.TemporaryDirectory() as folder:
            minutes = self.write(folder, "referat.txt", "Referat: hækken klippes i maj.")
            rules = self.write(folder, "ordensregler.txt", "Ingen larm efter kl. 22.")
            d.find_element(By.ID, "field-files").send_keys(minutes + "\n" + rules)
            # The script sends the form itself and follows the answer to the folder's page.
            self.click_and_wait(By.CSS_SELECTOR, "form[data-upload] button[type=submit]")
            self.assertIn("The files have been uploaded.", d.page_source)
            self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, "table.files tbody tr")), 2)
            self.assertIn("The group uses", d.find_element(By.CSS_SELECTOR, ".storage label").text)

            # Over the limit: the page says so before sending a byte, and nothing changes.
            d.execute_script("document.querySelector('form[data-upload]').setAttribute('data-max-file', '5')")
            d.find_element(By.ID, "field-files").send_keys(minutes)
            d.find_element(By.CSS_SELECTOR, "form[data-upload] button[type=submit]").click()
            message = WebDriverWait(d, 5).until(lambda driver: driver.find_element(By.CSS_SELECTOR, ".upload-message").text)
            self.assertIn("referat.txt is larger than", message)
            self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, "table.files tbody tr")), 2)

            # The text shows on the file's page; a new version becomes the current one.
            self.click_and_wait(By.LINK_TEXT, "referat.txt")
            self.assertEqual(d.find_element(By.CSS_SELECTOR, "pre.preview-text").text, "Referat: hækken klippes i maj.")
            newer = self.write(folder, "referat-2.txt", "Referat: hækken klippes i juni.")
            d.find_element(By.ID, "field-version").send_keys(newer)
            self.click_and_wait(By.CSS_SELECTOR, "form[data-upload] button[type=submit]")
            self.assertIn("The new version has been uploaded and is now current.", d.page_source)
            self.assertEqual(d.find_element(By.CSS_SELECTOR, "pre.preview-text").text, "Referat: hækken klippes i juni.")
            self.assertIn("2 (current)", d.page_source)


if __name__ == "__main__":
    unittest.main()
