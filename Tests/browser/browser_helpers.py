"""What the browser tests share: the driver, the server's address and outbox, and a base test case."""
import email
import email.policy
import glob
import os
import re
import time
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
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



class BrowserCase(unittest.TestCase):
    """A fresh headless Chromium for each test, with the steps every test takes."""

    def setUp(self):
        self.driver = make_driver()
        self.driver.implicitly_wait(5)

    def tearDown(self):
        self.driver.quit()

    def click_and_wait(self, by, selector):
        """Clicks something that loads a new page, and waits until the new page has replaced the old."""
        # The old document is marked; a new document has no mark. (Waiting for the old <html> element to go
        # stale races with Chromium, which can answer "node does not belong to the document" in between.)
        self.driver.execute_script("window.igroupsOldPage = true")
        self.driver.find_element(by, selector).click()
        WebDriverWait(self.driver, 10, ignored_exceptions=(WebDriverException,)).until(
            lambda driver: driver.execute_script("return window.igroupsOldPage !== true && document.readyState === 'complete'"))

    def fill(self, name, value):
        field = self.driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)

    def sign_up_verified(self, username, password, name="Asta Nielsen"):
        """Signs up through the form and opens the link from the verification mail."""
        d = self.driver
        d.get(BASE + "/signup")
        self.fill("username", username)
        self.fill("name", name)
        self.fill("email", f"{username}@example.org")
        self.fill("password", password)
        d.execute_script("document.getElementById('field-birthdate').value = '1981-09-11'")
        d.find_element(By.ID, "field-accept_policy").click()
        self.click_and_wait(By.CSS_SELECTOR, "form[action='/signup'] button[type=submit]")
        d.get(verification_link(f"{username}@example.org"))
