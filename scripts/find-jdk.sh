# Finds a JDK of at least a given feature version, for ./distill and ./build (sourced, not run).
# Order: $JAVA_HOME if suitable, then `java` on the PATH, then the newest JDK in the system's JVM folder.
# Prints the JDK's home folder; prints what it found and what it needs to stderr when nothing fits.

# The feature version of a JDK home (17, 21, 25, ...), or nothing if it is not a JDK with javac.
jdk_version() {
  local home="$1" version=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p')
  fi
  # Java 8 and older report 1.x; they are too old either way.
  [ -n "$version" ] && echo "$version"
}

find_jdk() {
  local need="$1" home version seen=""
  if [ -n "${JAVA_HOME:-}" ]; then
    if version=$(jdk_version "$JAVA_HOME") && [ "$version" -ge "$need" ]; then
      echo "$JAVA_HOME"; return 0
    fi
    seen="$seen\n  JAVA_HOME=$JAVA_HOME: ${version:-not a JDK}"
  fi
  if command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if version=$(jdk_version "$home") && [ "$version" -ge "$need" ]; then
      echo "$home"; return 0
    fi
    seen="$seen\n  java on the PATH ($home): ${version:-not a JDK}"
  fi
  local best="" best_version=0 jvm_root
  # DISTILL_JVM_DIRS overrides where the system keeps its JDKs (tests use it; so can unusual systems).
  for jvm_root in ${DISTILL_JVM_DIRS:-/usr/lib/jvm /usr/java /opt/java /Library/Java/JavaVirtualMachines}; do
    [ -d "$jvm_root" ] || continue
    for home in "$jvm_root"/* "$jvm_root"/*/Contents/Home; do
      [ -d "$home" ] && [ ! -L "$home" ] || continue
      version=$(jdk_version "$home") || continue
      seen="$seen\n  $home: $version"
      if [ "$version" -gt "$best_version" ]; then best="$home"; best_version="$version"; fi
    done
  done
  if [ -n "$best" ] && [ "$best_version" -ge "$need" ]; then
    echo "$best"; return 0
  fi
  {
    echo "distill4j needs a JDK $need or newer (java and javac); none was found."
    [ -n "$seen" ] && printf "Looked at:%b\n" "$seen"
    echo "Install one (for example Temurin $need+ or openjdk-$need-jdk) or point JAVA_HOME at it."
  } >&2
  return 1
}

# MAVEN_OPTS for the JDK in use: Maven's bundled Guava warns about sun.misc.Unsafe on JDK 24+.
maven_opts_for() {
  local version
  version=$(jdk_version "$1") || return 0
  if [ "$version" -ge 24 ]; then echo "--sun-misc-unsafe-memory-access=allow"; fi
}
