import LanyardAPI
import Testing

@Suite("MediaType")
struct MediaTypeTests {
    @Test("the essence of a Content-Type: parameters dropped, spaces and tabs trimmed, lower-cased")
    func essence() {
        #expect(MediaType.essence("application/json") == "application/json")
        #expect(MediaType.essence("Application/JSON; charset=utf-8") == "application/json")
        #expect(MediaType.essence(" \ttext/event-stream \t;charset=utf-8") == "text/event-stream")
        #expect(MediaType.essence("application/json;") == "application/json")
        #expect(MediaType.essence("   ") == "")
        #expect(MediaType.essence("") == "")
        #expect(MediaType.essence(";application/json") == "")
        #expect(MediaType.essence("application/jsön ") == "application/jsön", "bytes past ASCII are kept whole")
    }
}
