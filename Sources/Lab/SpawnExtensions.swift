#if canImport(Glibc)
import Glibc
#endif

/// glibc's POSIX_SPAWN_SETSID (<spawn.h>, a GNU extension Swift's Glibc module does not import).
let spawnSetSID: Int32 = 0x80

private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

/// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+), looked up at run time because Swift's Glibc
/// module does not import GNU extensions. Without it, descriptors not marked close-on-exec leak into children.
func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ lowest: Int32) {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
    else { return }
    let function = unsafeBitCast(symbol, to: AddCloseFrom.self)
    _ = function(actions, lowest)
}
