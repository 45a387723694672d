import Testing
import IPTCApply

@Suite struct IPTCAvailabilityTests {
    /// `make test` builds with `--traits LibIPTC`; this fails if the trait stops reaching the code.
    @Test func libiptcBackendIsCompiledWithTheTrait() {
        #if LibIPTC
        #expect(IPTCAvailability.isBuiltIn)
        #else
        #expect(!IPTCAvailability.isBuiltIn)
        #endif
    }
}
