import Fluent
import Foundation
import SQLKit
import Vapor

/// `/admin/stats`: visits per day for the last 30 days and the most visited pages, from the daily totals.
struct StatisticsController: RouteCollection {
    static let days = 30

    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "stats", use: show)
    }

    @Sendable func show(req: Request) async throws -> Response {
        _ = try OperatorController.requireOperator(req)
        try await req.application.visitCounter.flush(on: req.db)
        let today = VisitCounter.day(Date())
        let first = today - Self.days + 1
        struct DayRow: Decodable { let day: Int; let visits: Int }
        struct PathRow: Decodable { let path: String; let visits: Int }
        // PostgreSQL sums a bigint column into a numeric; the cast keeps it a whole number on both databases.
        let total = SQLRaw("CAST(SUM(visits) AS BIGINT)")
        let sum = SQLAlias(total, as: SQLIdentifier("visits"))
        let perDay = try await req.db.sql.select().column("day").column(sum).from(VisitCount.schema)
            .where("day", .greaterThanOrEqual, first).groupBy("day").all(decoding: DayRow.self)
        let top = try await req.db.sql.select().column("path").column(sum).from(VisitCount.schema)
            .where("day", .greaterThanOrEqual, first).groupBy("path")
            .orderBy(SQLOrderBy(expression: total, direction: SQLDirection.descending)).orderBy("path").limit(20).all(decoding: PathRow.self)
        let byDay = Dictionary(uniqueKeysWithValues: perDay.map { ($0.day, $0.visits) })
        let days = (first...today).map { day in
            StatisticsPage.Day(date: Date(timeIntervalSince1970: TimeInterval(day) * 86_400), visits: byDay[day] ?? 0)
        }
        return StatisticsPage(layout: req.layout(title: req.t("stats.title")), days: days, top: top.map { ($0.path, $0.visits) }).response()
    }
}

struct StatisticsPage: PageView {
    struct Day: Sendable {
        let date: Date
        let visits: Int
    }

    let layout: Layout.Model
    let days: [Day]
    let top: [(path: String, visits: Int)]

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.pageTitle(layout.title, into: &h)
        h.el("p") { h in
            h.text(t("stats.lead") + " ")
            h.el("a", .href("/admin"), text: t("operator.back"))
        }
        let total = days.reduce(0) { $0 + $1.visits }
        h.el("section", .class("card")) { h in
            h.el("h2", text: t("stats.per_day"))
            h.el("p", text: t.plural("stats.total", total))
            chart(total: total, into: &h)
            h.el("details") { h in
                h.el("summary", text: t("stats.as_table"))
                h.el("table", .class("table")) { h in
                    h.el("thead") { $0.el("tr") { h in
                        h.el("th", .attr("scope", "col"), text: t("stats.day"))
                        h.el("th", .attr("scope", "col"), text: t("stats.visits"))
                    } }
                    h.el("tbody") { h in
                        for day in days.reversed() {
                            h.el("tr") { h in
                                h.el("td", text: t.date(day.date, timeZone: .gmt))
                                h.el("td", text: t.number(day.visits))
                            }
                        }
                    }
                }
            }
        }
        h.el("section", .class("card")) { h in
            h.el("h2", text: t("stats.top"))
            guard !top.isEmpty else {
                h.el("p", .class("muted"), text: t("stats.none"))
                return
            }
            h.el("table", .class("table")) { h in
                h.el("thead") { $0.el("tr") { h in
                    h.el("th", .attr("scope", "col"), text: t("stats.page"))
                    h.el("th", .attr("scope", "col"), text: t("stats.visits"))
                } }
                h.el("tbody") { h in
                    for row in top {
                        h.el("tr") { h in
                            h.el("td") { $0.el("code", text: row.path) }
                            h.el("td", text: t.number(row.visits))
                        }
                    }
                }
            }
        }
    }

    /// Bars drawn on the server as SVG: no script, no third party.
    private func chart(total: Int, into h: inout HTML) {
        let t = layout.t
        let width = 600, height = 160, gap = 4
        let most = max(days.map(\.visits).max() ?? 0, 1)
        let bar = (width - gap * (days.count - 1)) / max(days.count, 1)
        h.el("svg", .class("chart"), .attr("viewBox", "0 0 \(width) \(height)"), .attr("role", "img"), .aria("label", t.plural("stats.total", total))) { h in
            for (index, day) in days.enumerated() {
                let barHeight = max(day.visits == 0 ? 0 : 2, day.visits * (height - 10) / most)
                h.el("rect", .attr("x", String(index * (bar + gap))), .attr("y", String(height - barHeight)), .attr("width", String(bar)), .attr("height", String(barHeight))) { h in
                    h.el("title", text: t.date(day.date, timeZone: .gmt) + ": " + t.number(day.visits))
                }
            }
        }
    }
}
