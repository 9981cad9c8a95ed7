import Fluent

/// Creates the job queue and the table of scheduled runs.
package struct CreateJobs: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema("jobs")
            .id()
            .field("kind", .string, .required)
            .field("payload", .string, .required)
            .field("run_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("max_attempts", .int, .required)
            .field("locked_at", .datetime)
            .field("locked_by", .string)
            .field("last_error", .string)
            .field("failed_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("jobs_run_at", on: "jobs", "run_at")
        try await database.schema("schedules")
            .id()
            .field("name", .string, .required)
            .field("next_run_at", .datetime, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "name")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("schedules").delete()
        try await database.schema("jobs").delete()
    }
}
