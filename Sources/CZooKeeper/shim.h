#ifndef KAFKALAB_CZOOKEEPER_SHIM_H
#define KAFKALAB_CZOOKEEPER_SHIM_H
#define THREADED 1
#include <zookeeper/zookeeper.h>

/// The world-readable/writable ACL. Returned through a function because Swift 6 treats the C global
/// `ZOO_OPEN_ACL_UNSAFE` as shared mutable state; the library only ever reads it.
static inline const struct ACL_vector *kafkalab_zoo_open_acl(void) {
    return &ZOO_OPEN_ACL_UNSAFE;
}

#endif
