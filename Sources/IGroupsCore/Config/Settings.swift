import Foundation

/// Everything the program reads from its environment, read once at start.
package struct Settings: Sendable {
    /// How mail leaves the program.
    package enum MailTransportKind: String, Sendable, CaseIterable {
        case outbox, smtp, sendgrid
    }

    /// Where uploaded files live: this machine's disk, or a bucket every server shares.
    package enum FileStoreKind: String, Sendable, CaseIterable {
        case local, s3
    }

    package var baseURL: URL
    package var databaseURL: String?
    package var dataDirectory: String
    package var defaultLanguage: Language
    package var bcryptCost: Int
    package var mailTransport: MailTransportKind
    package var mailFrom: MailAddress
    package var smtp: SMTPConfiguration?
    package var sendGridAPIKey: String?
    package var sendGridURL: URL
    package var runJobsInServe: Bool
    package var trustProxy: Bool
    /// The largest file one may upload, in bytes.
    package var uploadMaxFileBytes: Int = 1 << 30
    /// The storage of a group, in bytes, while no paid plan gives it more.
    package var groupStorageBytes: Int = 5 << 30
    package var controller: Controller
    /// The version (a date) of the privacy policy in force; everyone accepts a new one at their next visit.
    package var policyVersion: String = PrivacyPolicy.currentVersion
    /// The erasure journal; best kept on other storage than DATA_DIR, so a restore after losing it still has it.
    package var erasureJournal: String?
    /// The secret of anonymous poll ballots (at least 32 characters), kept out of the database; nil: a file in DATA_DIR.
    package var ballotKey: String?
    /// Where uploaded files live.
    package var fileStore: FileStoreKind = .local
    /// The bucket, with `FILE_STORE=s3`.
    package var s3: S3FileStore.Configuration?
    /// What invoices say about paying and VAT.
    package var billing = Billing()

    /// The seller's details on invoices beyond the controller's name and address.
    package struct Billing: Sendable {
        /// Where groups pay by bank transfer; empty: groups cannot order plans.
        package var bankAccount: String = ""
        /// The seller's VAT (CVR) number, printed on invoices when set.
        package var vatNumber: String = ""
        /// The VAT included in prices, in percent.
        package var vatPercent: Int = 25
        /// Days from an invoice to its due date.
        package var dueDays: Int = 14
    }

    /// The data controller named on the privacy and cookie pages.
    package struct Controller: Sendable {
        package var name: String
        package var address: String
        package var email: String
    }

    /// True when the site is served over HTTPS: secure cookies and HSTS follow.
    package var isHTTPS: Bool { baseURL.scheme == "https" }

    /// The session cookie's name: `__Host-` prefixed when served over HTTPS.
    package var sessionCookieName: String { isHTTPS ? "__Host-igroups" : "igroups" }

    /// The SQLite file used when no `DATABASE_URL` is set.
    package var sqlitePath: String { dataDirectory + "/igroups.sqlite" }

    /// An absolute link to a path of the site.
    package func absolute(_ path: String) -> String {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }

    /// Every variable with its default and meaning; a test keeps the README table in step with it.
    package static let documentation: [(name: String, defaultValue: String, meaning: String)] = [
        ("BASE_URL", "http://localhost:8080", "The address people use; https turns on secure cookies and HSTS."),
        ("HOST", "127.0.0.1", "The address `serve` listens on."),
        ("PORT", "8080", "The port `serve` listens on."),
        ("DATABASE_URL", "(unset: SQLite)", "postgres://user:pass@host:5432/db switches to PostgreSQL."),
        ("DATA_DIR", "./data", "Folder of the SQLite database and the mail outbox."),
        ("DEFAULT_LANGUAGE", "da", "da or en, when neither the settings cookie nor the browser decides."),
        ("BCRYPT_COST", "12", "Work factor of password hashes (4–31)."),
        ("MAIL_TRANSPORT", "outbox", "outbox (files in DATA_DIR/outbox), smtp or sendgrid."),
        ("MAIL_FROM", "iGroups <no-reply@localhost>", "Sender of every mail."),
        ("SMTP_HOST", "(none)", "SMTP server, required with MAIL_TRANSPORT=smtp."),
        ("SMTP_PORT", "587", "SMTP port."),
        ("SMTP_SECURITY", "starttls", "starttls, tls (implicit, port 465) or none."),
        ("SMTP_USERNAME", "(none)", "SMTP login (AUTH PLAIN or LOGIN)."),
        ("SMTP_PASSWORD", "(none)", "SMTP password."),
        ("SENDGRID_API_KEY", "(none)", "API key, required with MAIL_TRANSPORT=sendgrid."),
        ("SENDGRID_API_URL", "https://api.sendgrid.com", "Base address of the provider's API."),
        ("JOBS_IN_SERVE", "true", "Run the job worker inside `serve`; false when `igroups jobs` runs alone."),
        ("LOG_LEVEL", "info", "trace, debug, info, notice, warning, error or critical."),
        ("TRUST_PROXY", "false", "Take the client address from X-Forwarded-For (behind a load balancer)."),
        ("CONTROLLER_NAME", "iGroups", "Data controller named on the privacy pages."),
        ("CONTROLLER_ADDRESS", "(empty)", "Postal address of the controller."),
        ("CONTROLLER_EMAIL", "privacy@localhost", "Contact email for privacy questions."),
        ("ERASURE_JOURNAL", "DATA_DIR/erasures.jsonl", "File that records every erasure for `igroups restore`; keep it on other storage than DATA_DIR."),
        ("UPLOAD_MAX_FILE_MB", "1024", "The largest file one may upload (photos, videos, shared files), in MB."),
        ("GROUP_STORAGE_MB", "5120", "The storage of each group for uploaded files, in MB, while it has no paid plan that gives more."),
        ("BILLING_BANK_ACCOUNT", "(empty: no orders)", "The account groups pay invoices into by bank transfer, printed on every invoice (e.g. \"Reg. 1234 account 0012345678, IBAN DK…\"); without it groups cannot order plans."),
        ("BILLING_VAT_NUMBER", "(empty)", "The seller's VAT (CVR) number, printed on invoices."),
        ("BILLING_VAT_PERCENT", "25", "The VAT included in plan prices, in percent (0–100); each invoice shows it."),
        ("BILLING_DUE_DAYS", "14", "Days from an invoice to its due date (1–365)."),
        ("BALLOT_KEY", "(DATA_DIR/ballot.key, made on first start)", "Secret of anonymous poll ballots, never stored in the database; give every process the same one."),
        ("FILE_STORE", "local", "Where uploaded files live: local (DATA_DIR/files) or s3 (a bucket of an S3-compatible store, shared by every server)."),
        ("S3_ENDPOINT", "(none)", "Address of the S3-compatible store, such as https://s3.eu-central-1.amazonaws.com; required with FILE_STORE=s3. The bucket is addressed path-style (endpoint/bucket/key)."),
        ("S3_BUCKET", "(none)", "Bucket of the uploaded files, required with FILE_STORE=s3."),
        ("S3_REGION", "us-east-1", "Region the requests are signed for (AWS Signature Version 4)."),
        ("S3_ACCESS_KEY_ID", "(none)", "Access key id, required with FILE_STORE=s3."),
        ("S3_SECRET_ACCESS_KEY", "(none)", "Secret access key, required with FILE_STORE=s3."),
        ("S3_STALL_SECONDS", "30", "How long a download waits for the next piece of a file from the bucket before it gives up and ends the download (1–3600)."),
        ("POLICY_VERSION", PrivacyPolicy.currentVersion, "Date (YYYY-MM-DD) of the privacy policy in force; raise it when the policy changes and everyone accepts the new one at their next visit."),
    ]
}
