import Fluent
import Foundation

/// A paid plan the operator offers: more storage for a group, for a number of months, at a price.
package final class Plan: Model, @unchecked Sendable {
    package static let schema = "plans"

    @ID(key: .id) package var id: UUID?
    @Field(key: "name_da") package var nameDa: String
    @Field(key: "name_en") package var nameEn: String
    /// The group's storage for uploaded files while the plan runs, in MB.
    @Field(key: "storage_mb") package var storageMB: Int
    /// How long one order of the plan runs.
    @Field(key: "months") package var months: Int
    /// The price of one period with VAT, in minor units (øre, cents).
    @Field(key: "price_minor") package var priceMinor: Int
    @Field(key: "currency") package var currency: String
    /// Whether groups can order it now; a plan once ordered is withdrawn, never deleted.
    @Field(key: "available") package var available: Bool
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(nameDa: String, nameEn: String, storageMB: Int, months: Int, priceMinor: Int, currency: String, available: Bool = true) {
        self.nameDa = nameDa
        self.nameEn = nameEn
        self.storageMB = storageMB
        self.months = months
        self.priceMinor = priceMinor
        self.currency = currency
        self.available = available
    }

    /// The plan's name in a language.
    package func name(_ language: Language) -> String { language == .da ? nameDa : nameEn }
}
