import CZooKeeper
import Logging

/// Where the C library's own log lines go: swift-log at debug level instead of the process's stderr.
let cLibraryLogger = Logger(label: "kafkalab.zookeeper.c")

/// Passed to `zookeeper_init2`; the C library may call it from any of its threads.
let cLibraryLogCallback: log_callback_fn = { message in
    guard let message else { return }
    cLibraryLogger.debug("\(String(cString: message))")
}

/// Done once per process: only warnings and errors are even formatted by the C library.
let cLibraryLoggingConfigured: Void = {
    zoo_set_debug_level(ZOO_LOG_LEVEL_WARN)
}()
