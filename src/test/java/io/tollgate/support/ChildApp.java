package io.tollgate.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tollgate.TollgateApplication;
import org.awaitility.Awaitility;
import org.springframework.mock.env.MockEnvironment;

/**
 * Tollgate as a separate JVM on its own embedded PostgreSQL data directory, for tests that kill it with
 * {@code kill -9} and start it again on the same data: the test profile, the test's class path, fixed ports across
 * restarts, and each run's output kept in its own log file.
 */
public final class ChildApp implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    private final Path dataDir;
    private final Path home;
    private final Path logs;
    private final int pgPort = freePort();
    private final int httpPort = freePort();
    private Process process;
    private int run;

    public ChildApp(Path dataDir, Path home, Path logs) {
        this.dataDir = dataDir;
        this.home = home;
        this.logs = logs;
    }

    public int httpPort() {
        return httpPort;
    }

    /** Connections to the child's database, as the test context's {@link Databases} would give. */
    public Databases databases() {
        return Databases.of(new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://localhost:" + pgPort + "/tollgate")
                .withProperty("spring.datasource.username", "tollgate_app")
                .withProperty("spring.datasource.password", "")
                .withProperty("spring.liquibase.user", "tollgate_owner"));
    }

    /** Starts the app (again) on the same data directory and ports, and waits until it listens. */
    public void start(String... extraArguments) throws IOException {
        run++;
        Files.createDirectories(logs);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = logs.resolve("app-" + run + ".log");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                // The child starts in the module directory, where Liquibase also sees db/changelog beside
                // target/classes.
                "-Dliquibase.duplicateFileMode=WARN",
                "-cp", System.getProperty("java.class.path"), TollgateApplication.class.getName(),
                "--spring.profiles.active=test",
                "--tollgate.embedded-db.data-dir=" + dataDir,
                "--tollgate.embedded-db.clean=false",
                "--tollgate.embedded-db.port=" + pgPort,
                "--tollgate.home=" + home,
                "--server.port=" + httpPort,
                "--management.server.port=0"));
        command.addAll(List.of(extraArguments));
        Process started = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process = started;
        Awaitility.await("the app listens on " + httpPort).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!started.isAlive()) {
                        fail("the app exited with " + started.exitValue() + " during start-up:\n" + tail(log));
                    }
                    return accepts(httpPort);
                });
    }

    /** SIGKILL on Linux: no shutdown hook, no graceful close of the pool; the embedded PostgreSQL is orphaned. */
    public void killMinusNine() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    /** SIGTERM (Boot's shutdown handlers stop the embedded PostgreSQL too), then whatever still holds the data. */
    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        stopPostgresOf(dataDir);
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static void stopPostgresOf(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(postgres -> {
            postgres.destroy(); // SIGTERM: PostgreSQL's smart shutdown
            postgres.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> {
                postgres.destroyForcibly();
                return null;
            }).join();
        });
    }
}
