import SeededRandom
import Testing

/// Seeds printed by earlier runs must replay the same choices: the sequence is pinned to SplitMix64's values.
struct SeededGeneratorTests {
    @Test func sequencesArePinned() {
        var zero = SeededGenerator(seed: 0)
        #expect([zero.next(), zero.next(), zero.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
        var wire = SeededGenerator(seed: 0x6b61_666b_61)
        #expect([wire.next(), wire.next(), wire.next()] == [0x72E0_B3C0_6A25_95C1, 0x35C9_BC1C_D24D_2337, 0x2885_10EE_8424_6794])
    }
}
