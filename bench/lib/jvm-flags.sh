# The JVM flags the images and the k8s example ship (docker/Dockerfile.jvm, docker/Dockerfile.aot,
# k8s/deployment.yaml repeat them; docs/deploy.md, "Memory", gives the reasons). Sourced by the bench scripts.
# shellcheck disable=SC2034 # used by the scripts that source this file
SHIPPED_JAVA_OPTS="-XX:+UseSerialGC -Xms16m -Xmx64m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m \
-Xss512k -XX:MaxDirectMemorySize=32m -XX:TrimNativeHeapInterval=1000"
# The images also set MALLOC_ARENA_MAX=2 (glibc: two malloc arenas instead of eight per core); the scripts run the
# shipped variants under it with this prefix.
SHIPPED_ENV="env MALLOC_ARENA_MAX=2"
