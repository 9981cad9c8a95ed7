"""A verified person plans an event in their new group, answers it, and finds it in the calendar:
as a month grid on a wide screen and as a list of the days that have something on a phone, without scripts.

Runs against a live `igroups serve` whose address is in IGROUPS_URL and whose outbox is IGROUPS_OUTBOX."""
import time
import unittest

from selenium.webdriver.common.by import By

import browser_helpers as helpers


class CalendarFlow(helpers.BrowserCase):
    def set_value(self, field_id, value):
        """Date and time inputs take typing in the browser's own format; set their value as a form would send it."""
        self.driver.execute_script("document.getElementById(arguments[0]).value = arguments[1]", field_id, value)

    def test_plan_answer_and_see_the_month_on_a_phone(self):
        d = self.driver
        stamp = str(int(time.time() * 1000))[-8:]
        self.sign_up_verified(f"tove{stamp}", "sommer-i-byen-7", name="Tove Ditlevsen")

        d.get(helpers.BASE + "/groups/new")
        self.fill("name", "Sangkoret")
        self.fill("slug", f"kor-{stamp}")
        self.click_and_wait(By.CSS_SELECTOR, "form[action^='/groups/new'] button[type=submit]")

        d.get(helpers.BASE + f"/g/kor-{stamp}/events")
        self.assertIn("Nothing planned yet", d.page_source)
        self.click_and_wait(By.LINK_TEXT, "New event")
        self.fill("title", "Sankthans")
        self.set_value("field-start_date", "2099-06-23")
        self.set_value("field-start_time", "20:00")
        self.set_value("field-end_time", "23:00")
        self.fill("place", "Stranden")
        self.fill("capacity", "40")
        self.click_and_wait(By.CSS_SELECTOR, "form[action$='/events/new'] button[type=submit]")
        self.assertEqual(d.find_element(By.TAG_NAME, "h1").text, "Sankthans")
        self.assertIn("20:00–23:00", d.page_source)

        d.find_element(By.ID, "answer-yes").click()
        self.fill("guests", "2")
        self.click_and_wait(By.CSS_SELECTOR, "form[action$='/rsvp'] button[type=submit]")
        self.assertIn("Your answer has been saved.", d.page_source)
        self.assertIn("3 of 40 taken", d.page_source)

        # Wide: a grid of weeks with the weekdays on top.
        d.get(helpers.BASE + f"/g/kor-{stamp}/calendar?month=2099-06")
        self.assertEqual(d.find_element(By.TAG_NAME, "h1").text, "June 2099")
        self.assertTrue(d.find_element(By.CSS_SELECTOR, ".calendar-month thead").is_displayed())
        entry = d.find_element(By.CSS_SELECTOR, ".calendar-entry a")
        self.assertIn("Sankthans", entry.text)

        # A phone: the weekdays go, empty days go, the day with the event stays, named.
        d.set_window_size(390, 844)
        d.get(helpers.BASE + f"/g/kor-{stamp}/calendar?month=2099-06")
        self.assertFalse(d.find_element(By.CSS_SELECTOR, ".calendar-month thead").is_displayed())
        self.assertFalse(d.find_element(By.CSS_SELECTOR, ".calendar-free").is_displayed())
        day = d.find_element(By.XPATH, "//td[.//a[contains(., 'Sankthans')]]")
        self.assertTrue(day.is_displayed())
        self.assertIn("23", day.find_element(By.CSS_SELECTOR, ".calendar-date").text)
        self.assertLessEqual(d.execute_script("return document.documentElement.scrollWidth"), 390, "nothing wider than the phone")

        self.click_and_wait(By.LINK_TEXT, "20:00 Sankthans")
        self.assertEqual(d.find_element(By.TAG_NAME, "h1").text, "Sankthans")


if __name__ == "__main__":
    unittest.main()
