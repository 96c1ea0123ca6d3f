#!/usr/bin/env bash
# Provisions Temporal's time-skipping test server (Java: `io.temporal:temporal-test-server` from Maven
# Central) into a cache outside the repository, with an executable wrapper that the tests start
# (test/support/time-skipping-server.ts) as the TypeScript SDK would: the port first, then extra arguments.
#
# The wrapper runs the stock entry point, io.temporal.testserver.TestServer (`<port> [--enable-time-skipping]`),
# unless it is given `--initial-time=<ISO-8601 instant>`: the stock main always starts the clock at the
# real "now" and the time-skipping API only moves it forward, so a tiny launcher compiled here starts
# the same services (TestServicesStarter, the constructor the Java SDK's own in-process server uses)
# with that initial time instead. Tests can then run a request "on" a past date.
#
# The launcher is a jar beside the server's, so the JVM can map the classes a start loads from a class-data
# sharing archive recorded here once (CDS): a start then takes about half as long.
#
# Needs Java 17+ (with javac and jar), Maven and Node (to find a free port for the recording run). Idempotent: a cached build returns at once. Prints the
# wrapper's path as the last line of stdout; progress and timings go to stderr.
#   TEMPORAL_TEST_SERVER_VERSION  default 1.38.0
#   TEMPORAL_TEST_SERVER_CACHE    default ${XDG_CACHE_HOME:-~/.cache}/oneteam/temporal-test-server
set -euo pipefail

VERSION="${TEMPORAL_TEST_SERVER_VERSION:-1.38.0}"
CACHE="${TEMPORAL_TEST_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/oneteam/temporal-test-server}"
# Bumped when the layout below changes; each layout has a folder of its own, so checkouts of different
# versions sharing a cache do not rebuild each other's.
LAYOUT=4
DIR="$CACHE/$VERSION-$LAYOUT"
WRAPPER="$DIR/temporal-test-server"
MAIN_CLASS=io.temporal.testserver.TestServer
start_ms=$(date +%s%3N)
elapsed() { echo "$(($(date +%s%3N) - start_ms)) ms"; }

if [[ -x "$WRAPPER" && "$(cat "$DIR/.complete" 2>/dev/null)" == "$LAYOUT" ]]; then
  echo "temporal-test-server $VERSION: cached in $DIR ($(elapsed))" >&2
  echo "$WRAPPER"
  exit 0
fi

for tool in java javac jar mvn node; do
  command -v "$tool" >/dev/null 2>&1 || { echo "temporal-test-server: '$tool' is not installed (needs a JDK 17+ and Maven)" >&2; exit 1; }
done

echo "temporal-test-server $VERSION: resolving from Maven Central into $DIR" >&2
mkdir -p "$CACHE"
# Built beside the final folder and renamed into place: a concurrent or interrupted run never leaves half a server.
BUILD="$(mktemp -d "$CACHE/.build-$VERSION-XXXXXX")"
trap 'rm -rf "$BUILD"' EXIT

cat >"$BUILD/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>oneteam.local</groupId>
  <artifactId>temporal-test-server-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>$VERSION</version>
    </dependency>
    <!-- The server logs through SLF4J 1.7; without a binding it prints a notice on every start. -->
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>3.8.1</version>
      </plugin>
    </plugins>
  </build>
</project>
POM

# Quiet unless it fails (Maven 3.8 prints colour codes even with -q).
if ! mvn -B -q -Dstyle.color=never -f "$BUILD/pom.xml" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$BUILD/lib" >"$BUILD/mvn.log" 2>&1; then
  cat "$BUILD/mvn.log" >&2
  echo "temporal-test-server: Maven could not resolve io.temporal:temporal-test-server:$VERSION" >&2
  exit 1
fi

JAR="$BUILD/lib/temporal-test-server-$VERSION.jar"
[[ -f "$JAR" ]] || { echo "temporal-test-server: $JAR was not resolved" >&2; exit 1; }
# The entry point is checked, not assumed: a release that moves it fails here, not in a test.
# (grep without -q: an early exit would fail the pipeline under pipefail.)
if ! unzip -l "$JAR" | grep "${MAIN_CLASS//.//}.class" >/dev/null; then
  echo "temporal-test-server: $MAIN_CLASS is not in $JAR" >&2
  exit 1
fi

mkdir -p "$BUILD/src" "$BUILD/classes"
cat >"$BUILD/src/TimeSkippingTestServer.java" <<'JAVA'
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.testserver.TestServer;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * io.temporal.testserver.TestServer with one more flag, --initial-time=<ISO-8601 instant>: the virtual
 * clock starts there instead of at the real "now". Without the flag it is the stock entry point.
 */
public final class TimeSkippingTestServer {
  public static void main(String[] args) throws Exception {
    Long initialTime = null;
    List<String> rest = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--initial-time=")) initialTime = Instant.parse(arg.substring("--initial-time=".length())).toEpochMilli();
      else rest.add(arg);
    }
    if (initialTime == null) {
      TestServer.main(rest.toArray(new String[0]));
      return;
    }
    boolean lockTimeSkipping = true;
    if (rest.isEmpty()) {
      System.err.println("Usage: <port> [--enable-time-skipping] [--initial-time=<ISO-8601 instant>]");
      System.exit(2);
    }
    int port = Integer.parseInt(rest.get(0));
    for (String flag : rest.subList(1, rest.size())) {
      if (flag.equalsIgnoreCase("--enable-time-skipping")) lockTimeSkipping = false;
      else {
        System.err.println("Unknown flag " + flag);
        System.exit(2);
      }
    }
    TestServicesStarter services = new TestServicesStarter(lockTimeSkipping, initialTime);
    ServerBuilder<?> builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port), InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      services.close();
    }));
    server.awaitTermination();
  }
}
JAVA
javac -nowarn -d "$BUILD/classes" -cp "$BUILD/lib/*" "$BUILD/src/TimeSkippingTestServer.java" >&2
jar cf "$BUILD/lib/oneteam-launcher.jar" -C "$BUILD/classes" .
rm -rf "$BUILD/classes"

cat >"$BUILD/temporal-test-server" <<'WRAP'
#!/usr/bin/env bash
# Temporal time-skipping test server: temporal-test-server <port> [--enable-time-skipping] [--initial-time=<ISO-8601>]
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# A small heap and the client compiler: the server holds a few workflows and starts in about a second.
# The archive is recorded for this folder's class path; started from elsewhere, Java ignores it (-Xshare:auto).
exec java ${TEMPORAL_TEST_SERVER_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} \
  -Xshare:auto -XX:SharedArchiveFile="$here/classes.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -cp "$here/lib/*" TimeSkippingTestServer "$@"
WRAP
chmod +x "$BUILD/temporal-test-server"

# One recording run in the final folder (the archive names its class path): start, wait for the port, stop.
record_class_data() {
  local dir="$1" port pid
  port="$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")"
  java -Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit="$dir/classes.jsa" \
    -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$dir/lib/*" TimeSkippingTestServer "$port" --enable-time-skipping \
    >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
echo "$LAYOUT" >"$BUILD/.complete"

rm -rf "$DIR"
if mv -T "$BUILD" "$DIR" 2>/dev/null; then
  record_class_data "$DIR"
else
  # Another run finished first: keep its copy.
  [[ "$(cat "$DIR/.complete" 2>/dev/null)" == "$LAYOUT" ]] || { echo "temporal-test-server: could not install into $DIR" >&2; exit 1; }
fi
trap - EXIT
rm -rf "$BUILD"
echo "temporal-test-server $VERSION: provisioned $(find "$DIR/lib" -name '*.jar' | wc -l) jars and the launcher in $DIR ($(elapsed))" >&2
echo "$WRAPPER"
