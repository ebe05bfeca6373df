import LanyardModel
import Testing

@testable import LanyardServer

@Suite("Form bodies (application/x-www-form-urlencoded)")
struct FormBodyTests {
    @Test("pairs split on & and the first =, + and %XX decoded, empty pairs skipped")
    func parses() throws {
        let form = try FormBody.parse("grant_type=client_credentials&&scope=read+write&x=a%3Db%26c&empty=&flag&token=e.y.J%2B")
        #expect(form == ["grant_type": "client_credentials", "scope": "read write", "x": "a=b&c", "empty": "", "flag": "", "token": "e.y.J+"])
        #expect(try FormBody.parse("") == [:])
        #expect(try FormBody.parse("caf%C3%A9=%E2%9C%93") == ["café": "✓"])
    }

    @Test("malformed escapes, invalid UTF-8, repeated parameters and too many parameters are refused")
    func refuses() {
        for bad in ["a=%4", "a=%zz", "a=%FF", "%=1", "a=1&a=2", (0...32).map { "p\($0)=1" }.joined(separator: "&")] {
            #expect(throws: OAuthError.self, "\(bad.prefix(40))") { try FormBody.parse(bad) }
        }
    }
}
