"""A verified person makes a photo album, uploads several photos at once with a progress bar, waits for them to
be processed, leafs through them in the lightbox with the arrow keys, a swipe and the slideshow, and walks the
photo pages with the arrow keys; a file that is not a picture is refused by name while the others are taken.

Runs against a live `igroups serve` whose address is in IGROUPS_URL and whose outbox is IGROUPS_OUTBOX; makes its
pictures with libvips' `vips`, as the server processes them with it."""
import os
import subprocess
import tempfile
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

import browser_helpers as helpers


class PhotosFlow(helpers.BrowserCase):
    def setUp(self):
        super().setUp()
        self.folder = tempfile.TemporaryDirectory()

    def tearDown(self):
        super().tearDown()
        self.folder.cleanup()

    def picture(self, name, width, height):
        path = os.path.join(self.folder.name, name)
        subprocess.run(["vips", "black", path, str(width), str(height), "--bands", "3"], check=True)
        return path

    def wait(self, condition, timeout=30):
        return WebDriverWait(self.driver, timeout).until(condition)

    def count(self):
        return self.driver.find_element(By.CSS_SELECTOR, ".lightbox-count").text

    def test_upload_watch_and_leaf_through(self):
        d = self.driver
        stamp = str(int(time.time() * 1000))[-8:]
        self.sign_up_verified(f"karen{stamp}", "lys-over-vandet-3", name="Karen Blixen")
        d.get(helpers.BASE + "/groups/new")
        self.fill("name", "Fotoklubben")
        self.fill("slug", f"foto-{stamp}")
        self.click_and_wait(By.CSS_SELECTOR, "form[action^='/groups/new'] button[type=submit]")

        d.get(helpers.BASE + f"/g/foto-{stamp}/photos")
        self.assertIn("No albums yet", d.page_source)
        self.click_and_wait(By.LINK_TEXT, "New album")
        self.fill("title", "Sommerlys")
        self.click_and_wait(By.CSS_SELECTOR, "form[action$='/photos/new'] button[type=submit]")
        self.assertIn("The album has been made.", d.page_source)

        # Three photos at once; the page's script sends them with a progress bar and goes on to the album.
        files = [self.picture(name, 60 + index * 10, 40) for index, name in enumerate(["morgen.jpg", "middag.jpg", "aften.jpg"])]
        d.find_element(By.ID, "field-photos").send_keys("\n".join(files))
        d.find_element(By.CSS_SELECTOR, "form[data-upload] button[type=submit]").click()
        self.wait(lambda driver: "notice=photos_uploaded" in driver.current_url)
        self.assertIn("The photos were uploaded.", d.page_source)
        # The page looks again by itself until the job has made them.
        self.wait(lambda driver: len(driver.find_elements(By.CSS_SELECTOR, ".photo-tile a.photo-link img")) == 3)
        self.assertEqual(d.find_elements(By.CSS_SELECTOR, "[data-processing]"), [])
        thumb = d.find_element(By.CSS_SELECTOR, ".photo-tile img")
        self.assertEqual(thumb.get_attribute("loading"), "lazy")
        self.assertIn("/thumb?v=", thumb.get_attribute("src"))
        self.assertTrue(self.wait(lambda driver: driver.execute_script("return document.querySelector('.photo-tile img').naturalWidth > 0")))

        # The lightbox: arrow keys, a swipe, Escape.
        d.find_element(By.CSS_SELECTOR, ".photo-tile a.photo-link").click()
        dialog = d.find_element(By.CSS_SELECTOR, "dialog.lightbox")
        self.assertTrue(dialog.get_attribute("open") is not None)
        self.assertIn("/display?v=", d.find_element(By.CSS_SELECTOR, ".lightbox img").get_attribute("src"))
        self.assertEqual(self.count(), "1 of 3")
        dialog.send_keys(Keys.ARROW_RIGHT)
        self.assertEqual(self.count(), "2 of 3")
        dialog.send_keys(Keys.ARROW_LEFT)
        dialog.send_keys(Keys.ARROW_LEFT)
        self.assertEqual(self.count(), "3 of 3", "it goes round")
        d.execute_script("""
            const dialog = document.querySelector('dialog.lightbox');
            const touch = (x) => new Touch({identifier: 1, target: dialog, clientX: x, clientY: 300});
            dialog.dispatchEvent(new TouchEvent('touchstart', {touches: [touch(600)], changedTouches: [touch(600)], bubbles: true}));
            dialog.dispatchEvent(new TouchEvent('touchend', {touches: [], changedTouches: [touch(300)], bubbles: true}));
        """)
        self.assertEqual(self.count(), "1 of 3", "a swipe to the left shows the next photo")
        dialog.send_keys(Keys.ESCAPE)
        self.wait(lambda driver: driver.find_element(By.CSS_SELECTOR, "dialog.lightbox").get_attribute("open") is None, 5)

        # The slideshow moves on by itself.
        d.find_element(By.CSS_SELECTOR, "[data-slideshow]").click()
        self.assertEqual(self.count(), "1 of 3")
        self.wait(lambda driver: self.count() == "2 of 3", 8)
        d.find_element(By.XPATH, "//dialog//button[text()='Close']").click()

        # A photo's page: the arrow keys walk the album.
        first = d.find_element(By.CSS_SELECTOR, ".photo-tile a.photo-link").get_attribute("href")
        d.get(first)
        self.assertIn("1 of 3", d.page_source)
        d.execute_script("window.igroupsOldPage = true")
        d.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
        self.wait(lambda driver: driver.execute_script("return window.igroupsOldPage !== true && document.readyState === 'complete'"), 10)
        self.assertIn("2 of 3", d.page_source)

        # A file that is not a picture is named and refused; the picture beside it is taken.
        d.get(d.find_element(By.CSS_SELECTOR, ".breadcrumbs a:last-child").get_attribute("href"))
        self.click_and_wait(By.LINK_TEXT, "Upload photos")
        text = os.path.join(self.folder.name, "noter.jpg")
        with open(text, "w") as handle:
            handle.write("Not a picture, only words.\n")
        d.find_element(By.ID, "field-photos").send_keys("\n".join([text, self.picture("nat.jpg", 30, 30)]))
        d.execute_script("window.igroupsUploadPage = true")
        d.find_element(By.CSS_SELECTOR, "form[data-upload] button[type=submit]").click()
        problem = self.wait(lambda driver: driver.find_element(By.CSS_SELECTOR, "main .error-summary"))
        self.assertIn("noter.jpg is not a picture we can read.", problem.text)
        self.assertIn("The other photo was uploaded.", problem.text)
        # The script put the answer in place of the form: the page was not loaded anew.
        self.assertTrue(d.execute_script("return window.igroupsUploadPage === true"))
        self.click_and_wait(By.CSS_SELECTOR, "main .notice-success a")
        self.wait(lambda driver: len(driver.find_elements(By.CSS_SELECTOR, ".photo-tile a.photo-link img")) == 4)
