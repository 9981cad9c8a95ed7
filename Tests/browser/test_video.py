"""A member uploads a video with the progress bar, waits while it is prepared and plays it from the site;
a file that is not a video is refused on the same form; a linked YouTube video loads nothing from YouTube
until its play button is clicked, and only its page may frame the player.

Runs against a live `igroups serve` whose address is in IGROUPS_URL and whose outbox is IGROUPS_OUTBOX.
Needs ffmpeg on this machine to make the test video."""
import os
import re
import subprocess
import tempfile
import time
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import browser_helpers as helpers

# Records the upload's progress in the tab's session storage, which outlives the page the script leaves.
WATCH_UPLOAD = """
sessionStorage.removeItem('videoProgress');
var send = XMLHttpRequest.prototype.send;
XMLHttpRequest.prototype.send = function (body) {
  this.upload.addEventListener('progress', function (event) {
    if (event.lengthComputable) { sessionStorage.setItem('videoProgress', String(Math.round(event.loaded / event.total * 100))); }
  });
  return send.call(this, body);
};
"""

# Notes every Content-Security-Policy refusal on the page.
WATCH_POLICY = """
window.policyRefusals = [];
document.addEventListener('securitypolicyviolation', function (event) {
  window.policyRefusals.push(event.effectiveDirective + ' ' + event.blockedURI);
});
"""


class VideoFlow(helpers.BrowserCase):
    def make_video(self, folder):
        """Three seconds of a test pattern as WebM (VP8), which every Chromium plays."""
        path = os.path.join(folder, "Sommerfest.webm")
        subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-f", "lavfi", "-i", "testsrc=duration=3:size=320x240:rate=10",
                        "-c:v", "libvpx", "-b:v", "300k", "-y", path], check=True, timeout=120)
        return path

    def provider_requests(self):
        names = self.driver.execute_script("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
        return [name for name in names if re.search(r"youtube|ytimg|vimeo|googlevideo", name)]

    def test_upload_play_and_linked_video(self):
        d = self.driver
        stamp = str(int(time.time() * 1000))[-8:]
        self.sign_up_verified(f"video{stamp}", "lange-baner-1904", name="Asta Nielsen")
        d.get(helpers.BASE + "/groups/new")
        self.fill("name", "Filmklubben")
        self.fill("slug", f"film-{stamp}")
        self.fill("description", "Vi ser film.")
        self.click_and_wait(By.CSS_SELECTOR, "form[action^='/groups/new'] button[type=submit]")
        base = helpers.BASE + f"/g/film-{stamp}/video"

        d.get(base)
        self.assertIn("No videos yet", d.page_source)
        self.click_and_wait(By.CSS_SELECTOR, ".empty-state a[href$='/video/new']")

        with tempfile.TemporaryDirectory() as folder:
            # A text file named like a video: the form comes back with the message, through the script.
            text = os.path.join(folder, "ferie.mp4")
            with open(text, "w", encoding="utf-8") as handle:
                handle.write("Det her er ikke en film.\n")
            self.fill("title", "Ferie")
            d.find_element(By.NAME, "video").send_keys(text)
            d.find_element(By.CSS_SELECTOR, "form[data-upload] button[type=submit]").click()
            WebDriverWait(d, 20).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, ".error-summary"))
            self.assertIn("ferie.mp4 is not a video we can play", d.find_element(By.CSS_SELECTOR, ".error-summary").text)
            self.assertTrue(d.current_url.endswith("/video/new"), d.current_url)
            self.assertEqual(d.find_element(By.NAME, "title").get_attribute("value"), "Ferie")

            # The real one: sent by the script with its progress, then its page, which waits for the poster.
            d.execute_script(WATCH_UPLOAD)
            self.fill("title", "Sommerfest")
            d.find_element(By.NAME, "video").send_keys(self.make_video(folder))
            d.find_element(By.CSS_SELECTOR, "form[data-upload] button[type=submit]").click()
            WebDriverWait(d, 30).until(lambda driver: re.search(r"/video/[0-9A-Fa-f-]{36}", driver.current_url))
        self.assertEqual(d.execute_script("return sessionStorage.getItem('videoProgress')"), "100")
        self.assertIn("The video has been uploaded.", d.page_source)
        page = d.current_url.split("?")[0]

        # The page looks again by itself until the job has made the poster.
        player = WebDriverWait(d, 60, poll_frequency=1).until(
            lambda driver: (driver.find_elements(By.CSS_SELECTOR, "video[poster]") or [None])[0])
        self.assertRegex(player.get_attribute("src"), r"/video/[0-9A-Fa-f-]{36}/file\?v=")
        # The browser reads the length from our file, by ranges.
        duration = WebDriverWait(d, 20).until(
            lambda driver: driver.execute_script("var v = document.querySelector('video'); return v.readyState >= 1 ? v.duration : null"))
        self.assertAlmostEqual(duration, 3.0, delta=0.3)
        self.assertIn("Length 0:03", d.find_element(By.CSS_SELECTOR, ".video-page .muted").text)

        # The list shows the poster and the length.
        d.get(base)
        self.assertEqual(d.find_element(By.CSS_SELECTOR, ".video-card h2").text, "Sommerfest")
        self.assertIn("0:03", d.find_element(By.CSS_SELECTOR, ".video-card .video-duration").text)
        self.assertTrue(d.execute_script("var i = document.querySelector('.video-card img'); return i.complete && i.naturalWidth > 0"))

        # A linked YouTube video: our placeholder and a word on the cookies; nothing from YouTube until the click.
        self.click_and_wait(By.LINK_TEXT, "Link a video")
        self.fill("url", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
        self.fill("title", "Musikvideo")
        self.click_and_wait(By.CSS_SELECTOR, "form[action$='/video/link'] button[type=submit]")
        d.execute_script(WATCH_POLICY)
        self.assertEqual(d.find_elements(By.TAG_NAME, "iframe"), [])
        self.assertIn("which may set cookies", d.find_element(By.CSS_SELECTOR, ".video-consent").text)
        self.assertEqual(self.provider_requests(), [])
        d.find_element(By.CSS_SELECTOR, ".video-play").click()
        frame = WebDriverWait(d, 10).until(lambda driver: (driver.find_elements(By.CSS_SELECTOR, "#player iframe") or [None])[0])
        self.assertTrue(frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"))
        self.assertTrue(d.current_url.split("?")[0].startswith(base + "/"), "the player loads in place")
        time.sleep(1)
        self.assertEqual(d.execute_script("return window.policyRefusals"), [])

        # Any other page refuses to frame the player.
        d.get(base)
        d.execute_script(WATCH_POLICY + """
            var frame = document.createElement('iframe');
            frame.src = 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ';
            document.body.appendChild(frame);""")
        WebDriverWait(d, 10).until(lambda driver: driver.execute_script("return window.policyRefusals.length > 0"))
        self.assertIn("frame-src", d.execute_script("return window.policyRefusals.join(' ')"))

        # Deleting the uploaded video asks first.
        d.get(page)
        self.click_and_wait(By.CSS_SELECTOR, ".video-page a.button-danger")
        self.assertIn("The video is deleted with its file, its poster and all comments.", d.page_source)
        self.click_and_wait(By.CSS_SELECTOR, "main form button.button-danger")
        self.assertIn("The video has been deleted.", d.page_source)
        self.assertEqual([card.text for card in d.find_elements(By.CSS_SELECTOR, ".video-card h2")], ["Musikvideo"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
