"""A verified person opens a forum in their new group: a board, a thread, a reply that quotes the
first post, an edit whose history shows what changed. Everything through the pages, without scripts.

Runs against a live `igroups serve` whose address is in IGROUPS_URL and whose outbox is IGROUPS_OUTBOX."""
import time
import unittest

from selenium.webdriver.common.by import By

import browser_helpers as helpers


class ForumFlow(helpers.BrowserCase):
    def test_board_thread_quote_and_history(self):
        d = self.driver
        stamp = str(int(time.time() * 1000))[-8:]
        self.sign_up_verified(f"karen{stamp}", "lange-baner-1904", name="Karen Blixen")

        d.get(helpers.BASE + "/groups/new")
        self.fill("name", "Læseklubben")
        self.fill("slug", f"laes-{stamp}")
        self.fill("description", "Vi læser sammen.")
        self.click_and_wait(By.CSS_SELECTOR, "form[action^='/groups/new'] button[type=submit]")

        d.get(helpers.BASE + f"/g/laes-{stamp}/forum")
        self.assertIn("The forum has no boards yet", d.page_source)
        self.click_and_wait(By.LINK_TEXT, "New board")
        self.fill("name", "Bøger")
        self.fill("description", "Hvad læser du?")
        self.click_and_wait(By.CSS_SELECTOR, "form[action$='/boards/new'] button[type=submit]")
        self.assertEqual(d.find_element(By.TAG_NAME, "h1").text, "Bøger")

        self.click_and_wait(By.LINK_TEXT, "New thread")
        self.fill("title", "Den afrikanske farm")
        self.fill("body", "Jeg havde en farm i Afrika, ved foden af **Ngong-bjergene**.")
        self.click_and_wait(By.CSS_SELECTOR, "form[action$='/new'] button[type=submit]")
        self.assertEqual(d.find_element(By.TAG_NAME, "h1").text, "Den afrikanske farm")
        self.assertEqual(d.find_element(By.CSS_SELECTOR, "#post-1 .prose strong").text, "Ngong-bjergene")

        # Quote the first post: the form starts with it, and the reply shows it as a block.
        self.click_and_wait(By.CSS_SELECTOR, "#post-1 a[href*='reply?quote=']")
        body = d.find_element(By.NAME, "body")
        self.assertIn("> **Karen Blixen:**", body.get_attribute("value"))
        body.send_keys("Sådan begynder den.")
        self.click_and_wait(By.CSS_SELECTOR, "form[action$='/reply'] button[type=submit]")
        self.assertTrue(d.current_url.endswith("#post-2"), d.current_url)
        quote = d.find_element(By.CSS_SELECTOR, "#post-2 blockquote")
        self.assertIn("Karen Blixen:", quote.text)
        self.assertIn("Ngong-bjergene", quote.text)

        # Edit the reply; its history shows what changed.
        self.click_and_wait(By.CSS_SELECTOR, "#post-2 a[href$='/edit']")
        self.fill("body", "Sådan begynder bogen.")
        self.click_and_wait(By.CSS_SELECTOR, "form[action$='/edit'] button[type=submit]")
        self.assertEqual(d.find_element(By.CSS_SELECTOR, "#post-2 .prose").text, "Sådan begynder bogen.")
        self.click_and_wait(By.CSS_SELECTOR, "#post-2 a[href$='/history']")
        self.assertIn("Sådan begynder den.", d.find_element(By.CSS_SELECTOR, ".diff-removed").text)
        self.assertIn("Sådan begynder bogen.", d.find_element(By.CSS_SELECTOR, ".diff-added").text)


if __name__ == "__main__":
    unittest.main(verbosity=2)
