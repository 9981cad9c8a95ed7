"""The operator offers a plan; a group's owner orders it and reads the invoice; the operator records the
payment and the group's page shows the plan running.

Runs against a live `igroups serve` whose address is in IGROUPS_URL and whose outbox is IGROUPS_OUTBOX,
started with BILLING_BANK_ACCOUNT set (script/browser-test does)."""
import email
import email.policy
import glob
import os
import subprocess
import time
import unittest

from selenium.webdriver.common.by import By

import browser_helpers as helpers


def invoice_mail(address, timeout=20):
    """The subject and text of the first invoice mailed to `address`."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for path in sorted(glob.glob(os.path.join(helpers.OUTBOX, "*.eml"))):
            with open(path, "rb") as handle:
                message = email.message_from_binary_file(handle, policy=email.policy.default)
            if address in str(message["To"]) and str(message["Subject"]).startswith("Invoice"):
                return str(message["Subject"]), message.get_body(preferencelist=("plain",)).get_content()
        time.sleep(0.3)
    raise AssertionError(f"no invoice mailed to {address} in {helpers.OUTBOX}")


class Billing(helpers.BrowserCase):
    def test_order_a_plan_and_pay_the_invoice(self):
        stamp = str(int(time.time() * 1000))[-8:]
        owner = self.driver
        # The operator, in a browser of their own, made operator by the command line.
        ops = helpers.make_driver()
        self.addCleanup(ops.quit)
        ops.implicitly_wait(5)
        self.driver = ops
        self.sign_up_verified(f"drift{stamp}", "drift-og-vedligehold-1")
        subprocess.run([".build/debug/igroups", "create-operator", "--email", f"drift{stamp}@example.org"], check=True, capture_output=True)
        ops.get(helpers.BASE + "/admin/plans")
        self.fill("name_da", f"Forening {stamp}")
        self.fill("name_en", f"Association {stamp}")
        self.fill("storage_mb", "20480")
        self.fill("months", "12")
        self.fill("price", "1.250,00")
        self.click_and_wait(By.CSS_SELECTOR, "form[action='/admin/plans'] button[type=submit]")
        self.assertIn("The plan has been saved.", ops.page_source)
        self.assertIn(f"Association {stamp}", ops.page_source)

        # The owner orders it for their group.
        self.driver = owner
        self.sign_up_verified(f"kasserer{stamp}", "regnskab-og-kaffe-7", name="Karen Kasserer")
        owner.get(helpers.BASE + "/groups/new")
        self.fill("name", "Roklubben")
        self.fill("slug", f"ro-{stamp}")
        self.click_and_wait(By.CSS_SELECTOR, "form[action^='/groups/new'] button[type=submit]")
        owner.get(helpers.BASE + f"/g/ro-{stamp}/admin")
        self.click_and_wait(By.LINK_TEXT, "Plan and invoices")
        self.assertIn("Free", owner.find_element(By.ID, "current-plan").text)
        # Sent without a plan or an address, the form says what is missing and keeps what was typed.
        self.click_and_wait(By.CSS_SELECTOR, "#order button[type=submit]")
        summary = owner.find_element(By.CSS_SELECTOR, ".error-summary").text
        self.assertIn("Choose one of the plans.", summary)
        self.assertIn("Enter the address for the invoice", summary)
        self.assertEqual(owner.find_element(By.NAME, "buyer_name").get_attribute("value"), "Roklubben")
        owner.find_element(By.XPATH, f"//label[contains(., 'Association {stamp}')]").click()
        self.fill("buyer_address", "Havnevej 1\n4000 Roskilde")
        self.click_and_wait(By.CSS_SELECTOR, "#order button[type=submit]")
        invoice = owner.find_element(By.ID, "invoice").text
        self.assertIn("The invoice has been issued and sent.", owner.page_source)
        for text in ("Roklubben", "Havnevej 1", "VAT no. DK12345678", "Pay by bank transfer to Reg. 1234 konto 0012345678"):
            self.assertIn(text, invoice)
        self.assertRegex(invoice, r"Total\s+DKK\s1,250\.00")
        number = owner.find_element(By.CSS_SELECTOR, "#invoice h1").text.split()[-1]
        subject, text = invoice_mail(f"kasserer{stamp}@example.org")
        self.assertEqual(subject, f"Invoice {number} from iGroups")
        self.assertIn("Reg. 1234 konto 0012345678", text)

        # The operator finds it waiting and records the payment.
        ops.get(helpers.BASE + "/admin/orders?status=pending")
        self.driver = ops
        self.click_and_wait(By.LINK_TEXT, number)
        self.click_and_wait(By.XPATH, "//button[normalize-space()='Record the payment']")
        self.assertIn("The payment has been recorded", ops.page_source)
        self.assertIn("Paid", ops.find_element(By.CSS_SELECTOR, "#invoice .badge").text)

        # The group's page shows the plan and its storage.
        self.driver = owner
        owner.get(helpers.BASE + f"/g/ro-{stamp}/admin/plan")
        current = owner.find_element(By.ID, "current-plan").text
        self.assertIn(f"Association {stamp}", current)
        self.assertIn("Paid until", current)
        self.assertIn("of 20 GB", current)


if __name__ == "__main__":
    unittest.main()
