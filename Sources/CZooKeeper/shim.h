#ifndef KAFKALAB_CZOOKEEPER_SHIM_H
#define KAFKALAB_CZOOKEEPER_SHIM_H
#define THREADED 1
#include <zookeeper/zookeeper.h>
#endif
