import Testing

@testable import Report

@Suite struct HTMLTextTests {
    @Test func escapesMarkupCharacters() {
        #expect(HTMLText.escape("<script>alert('x') & \"y\"</script>")
            == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
    }

    @Test func dropsControlCharactersButKeepsNewlinesAndUnicode() {
        #expect(HTMLText.escape("a\u{0}b\u{7}c\u{1B}[31m\nd\té ✓") == "abc[31m\nd\té ✓")
    }

    @Test func coordinatesAreShortAndNeverNaN() {
        #expect(HTMLText.coordinate(12.0) == "12")
        #expect(HTMLText.coordinate(12.345) == "12.35")
        #expect(HTMLText.coordinate(.nan) == "0")
        #expect(HTMLText.coordinate(-.infinity) == "0")
    }
}
