# Sourced by the other scripts: points JAVA_HOME at a JDK >= 21 and puts it first on PATH.
# Order: JAVA_HOME if it is new enough, then the JDKs under /usr/lib/jvm (newest first).

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME=$(find_jdk); then
  cat >&2 <<'MSG'
error: no JDK 21 or newer found (checked $JAVA_HOME and /usr/lib/jvm/*).
fix:   install one and point JAVA_HOME at it, e.g. Eclipse Temurin 21+:
         https://adoptium.net/installation/linux/  (apt: temurin-21-jdk)
       or unpack a JDK tarball and run: export JAVA_HOME=/path/to/jdk
MSG
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

# Maven's bundled Guava calls sun.misc.Unsafe; on JDK 24+ say that is allowed so builds stay quiet.
if [ "$(java_major "$JAVA_HOME")" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi

# Extra JVM options for the server (heap, collector, logging), e.g. TILE_SERVER_JVM_OPTS="-Xmx4g".
# The default collector (G1) stays: ZGC served hot tiles 20–30% slower on 2 cores (bench/README.md).
export TILE_SERVER_JVM_OPTS="${TILE_SERVER_JVM_OPTS:-}"
