import Foundation

/// A variable that is set but cannot be used; the message names it.
package struct SettingsError: Error, CustomStringConvertible {
    package let variable: String
    package let problem: String
    package var description: String { "\(variable): \(problem)" }

    package init(variable: String, problem: String) {
        self.variable = variable
        self.problem = problem
    }
}

extension Settings {
    /// Reads the settings from an environment, stopping at the first malformed value.
    package static func from(environment env: [String: String]) throws -> Settings {
        func value(_ name: String) -> String? {
            guard let raw = env[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        func int(_ name: String, _ fallback: Int, _ range: ClosedRange<Int>) throws -> Int {
            guard let raw = value(name) else { return fallback }
            guard let number = Int(raw), range.contains(number) else {
                throw SettingsError(variable: name, problem: "must be a whole number in \(range.lowerBound)...\(range.upperBound), got \"\(raw)\"")
            }
            return number
        }
        func ballotKey(_ text: String?) throws -> String? {
            guard let text else { return nil }
            guard text.count >= 32 else { throw SettingsError(variable: "BALLOT_KEY", problem: "must be at least 32 characters") }
            return text
        }
        func bool(_ name: String, _ fallback: Bool) throws -> Bool {
            guard let raw = value(name)?.lowercased() else { return fallback }
            switch raw {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: throw SettingsError(variable: name, problem: "must be true or false, got \"\(raw)\"")
            }
        }

        let base = value("BASE_URL") ?? "http://localhost:8080"
        guard let baseURL = URL(string: base), ["http", "https"].contains(baseURL.scheme ?? ""), baseURL.host != nil else {
            throw SettingsError(variable: "BASE_URL", problem: "must be an http:// or https:// address, got \"\(base)\"")
        }
        if let url = value("DATABASE_URL"), !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) {
            throw SettingsError(variable: "DATABASE_URL", problem: "must start with postgres://")
        }
        let languageRaw = value("DEFAULT_LANGUAGE") ?? "da"
        guard let language = Language(rawValue: languageRaw) else {
            throw SettingsError(variable: "DEFAULT_LANGUAGE", problem: "must be da or en, got \"\(languageRaw)\"")
        }
        let transportRaw = value("MAIL_TRANSPORT") ?? "outbox"
        guard let transport = MailTransportKind(rawValue: transportRaw) else {
            throw SettingsError(variable: "MAIL_TRANSPORT", problem: "must be outbox, smtp or sendgrid, got \"\(transportRaw)\"")
        }
        let fromRaw = value("MAIL_FROM") ?? "iGroups <no-reply@localhost>"
        guard let from = MailAddress(parsing: fromRaw) else {
            throw SettingsError(variable: "MAIL_FROM", problem: "must be an address such as \"iGroups <no-reply@example.org>\"")
        }

        let policyVersion = value("POLICY_VERSION") ?? PrivacyPolicy.currentVersion
        guard policyVersion.count == 10, (try? Date(policyVersion + "T00:00:00Z", strategy: .iso8601)) != nil else {
            throw SettingsError(variable: "POLICY_VERSION", problem: "must be a date such as 2026-11-26, got \"\(policyVersion)\"")
        }

        var smtp: SMTPConfiguration?
        if transport == .smtp {
            guard let host = value("SMTP_HOST") else {
                throw SettingsError(variable: "SMTP_HOST", problem: "is required when MAIL_TRANSPORT=smtp")
            }
            let securityRaw = value("SMTP_SECURITY") ?? "starttls"
            guard let security = SMTPConfiguration.Security(rawValue: securityRaw) else {
                throw SettingsError(variable: "SMTP_SECURITY", problem: "must be starttls, tls or none, got \"\(securityRaw)\"")
            }
            smtp = SMTPConfiguration(
                host: host,
                port: try int("SMTP_PORT", security == .tls ? 465 : 587, 1...65535),
                security: security,
                username: value("SMTP_USERNAME"),
                password: value("SMTP_PASSWORD"),
                heloName: baseURL.host ?? "localhost"
            )
        }
        if transport == .sendgrid, value("SENDGRID_API_KEY") == nil {
            throw SettingsError(variable: "SENDGRID_API_KEY", problem: "is required when MAIL_TRANSPORT=sendgrid")
        }
        let sendGridRaw = value("SENDGRID_API_URL") ?? "https://api.sendgrid.com"
        guard let sendGridURL = URL(string: sendGridRaw), ["http", "https"].contains(sendGridURL.scheme ?? "") else {
            throw SettingsError(variable: "SENDGRID_API_URL", problem: "must be an http(s) address")
        }

        let storeRaw = value("FILE_STORE") ?? "local"
        guard let fileStore = FileStoreKind(rawValue: storeRaw) else {
            throw SettingsError(variable: "FILE_STORE", problem: "must be local or s3, got \"\(storeRaw)\"")
        }
        var s3: S3FileStore.Configuration?
        if fileStore == .s3 {
            func required(_ name: String) throws -> String {
                guard let text = value(name) else { throw SettingsError(variable: name, problem: "is required when FILE_STORE=s3") }
                return text
            }
            let endpointRaw = try required("S3_ENDPOINT")
            guard let endpoint = URL(string: endpointRaw), ["http", "https"].contains(endpoint.scheme ?? ""), endpoint.host != nil else {
                throw SettingsError(variable: "S3_ENDPOINT", problem: "must be an http:// or https:// address, got \"\(endpointRaw)\"")
            }
            s3 = S3FileStore.Configuration(
                endpoint: endpoint,
                bucket: try required("S3_BUCKET"),
                region: value("S3_REGION") ?? "us-east-1",
                accessKeyID: try required("S3_ACCESS_KEY_ID"),
                secretAccessKey: try required("S3_SECRET_ACCESS_KEY"),
                stallTimeout: .seconds(try int("S3_STALL_SECONDS", 30, 1...3600))
            )
        }

        return Settings(
            baseURL: baseURL,
            databaseURL: value("DATABASE_URL"),
            dataDirectory: value("DATA_DIR") ?? "./data",
            defaultLanguage: language,
            bcryptCost: try int("BCRYPT_COST", 12, 4...31),
            mailTransport: transport,
            mailFrom: from,
            smtp: smtp,
            sendGridAPIKey: value("SENDGRID_API_KEY"),
            sendGridURL: sendGridURL,
            runJobsInServe: try bool("JOBS_IN_SERVE", true),
            trustProxy: try bool("TRUST_PROXY", false),
            uploadMaxFileBytes: try int("UPLOAD_MAX_FILE_MB", 1024, 1...1_048_576) << 20,
            groupStorageBytes: try int("GROUP_STORAGE_MB", 5120, 1...1_073_741_824) << 20,
            controller: Controller(
                name: value("CONTROLLER_NAME") ?? "iGroups",
                address: value("CONTROLLER_ADDRESS") ?? "",
                email: value("CONTROLLER_EMAIL") ?? "privacy@localhost"
            ),
            policyVersion: policyVersion,
            erasureJournal: value("ERASURE_JOURNAL"),
            ballotKey: try ballotKey(value("BALLOT_KEY")),
            fileStore: fileStore,
            s3: s3,
            billing: Billing(
                bankAccount: value("BILLING_BANK_ACCOUNT") ?? "",
                vatNumber: value("BILLING_VAT_NUMBER") ?? "",
                vatPercent: try int("BILLING_VAT_PERCENT", 25, 0...100),
                dueDays: try int("BILLING_DUE_DAYS", 14, 1...365)
            )
        )
    }
}
