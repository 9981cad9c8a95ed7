import Foundation

/// The version of the privacy policy people accept; a new text gets a new version and date.
package enum PrivacyPolicy {
    package static let currentVersion = "2026-11-27"
}
