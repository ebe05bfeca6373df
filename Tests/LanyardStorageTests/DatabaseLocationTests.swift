import LanyardModel
import LanyardStorage
import Testing

@Suite("Database URLs")
struct DatabaseLocationTests {
    @Test("a postgres URL yields its parts")
    func parses() throws {
        let location = try DatabaseLocation.parse(databaseURL: "postgres://lanyard:s%40cret@db.internal:6543/prod?sslmode=require")
        #expect(
            location == .postgres(PostgresLocation(host: "db.internal", port: 6543, user: "lanyard", password: "s@cret", database: "prod", requireTLS: true)))
    }

    @Test(
        "bad URLs are configuration errors that never echo the password",
        arguments: [
            "mysql://u:pw@h/db", "postgres://:pw@h/db", "postgres:///db", "postgres://u:hunter2@h/db?sslmode=maybe", "not a url",
        ])
    func refuses(url: String) {
        do {
            _ = try DatabaseLocation.parse(databaseURL: url)
            Issue.record("\(url) should be refused")
        } catch let error as LanyardError {
            #expect(error.code == .invalidConfiguration)
            #expect(!error.message.contains("hunter2"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
