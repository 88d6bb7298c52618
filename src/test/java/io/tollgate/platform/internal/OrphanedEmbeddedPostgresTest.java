package io.tollgate.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After the app is killed with -9, its embedded PostgreSQL keeps running and holds the data directory; the next
 * start must stop that orphan and come up on the same data.
 */
class OrphanedEmbeddedPostgresTest {

    private static final org.apache.commons.logging.Log LOG =
            org.apache.commons.logging.LogFactory.getLog(OrphanedEmbeddedPostgresTest.class);

    @TempDir
    Path dataDir;

    long orphanPid;

    /** Whatever happens in the test, no server outlives it. */
    @org.junit.jupiter.api.AfterEach
    void noServerLeftBehind() {
        if (orphanPid > 0) {
            ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroy);
        }
    }

    @Test
    void a_server_left_running_by_a_killed_process_is_stopped_and_the_data_kept() throws Exception {
        Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanMaker.class.getName(), dataDir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(killed.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(killed.exitValue()).isEqualTo(OrphanMaker.HALTED);
        orphanPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().trim());
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isTrue();

        int port = EmbeddedPostgresServers.startOrReuse(dataDir, false, 0, LOG);
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
             ResultSet row = connection.createStatement().executeQuery("SELECT id FROM survivor")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getInt(1)).isEqualTo(42);
        } finally {
            EmbeddedPostgresServers.stop(dataDir);
        }
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void an_orphan_with_a_session_still_open_is_stopped_without_waiting_for_it() throws Exception {
        makeOrphan();
        int orphanPort = Integer.parseInt(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(3).trim());
        // A bystander's idle session (monitoring, an operator's psql) that does not leave by itself.
        try (Connection bystander = DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + orphanPort + "/postgres", "postgres", "")) {
            long started = System.nanoTime();

            EmbeddedPostgresServers.stopOrphanedServer(dataDir, LOG);

            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                    .as("stopped without waiting out the open session").isLessThan(java.time.Duration.ofSeconds(30));
            assertThat(bystander.isValid(1)).as("the bystander's session was ended").isFalse();
        }
    }

    private void makeOrphan() throws Exception {
        Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanMaker.class.getName(), dataDir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(killed.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(killed.exitValue()).isEqualTo(OrphanMaker.HALTED);
        orphanPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().trim());
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
    }

    @Test
    void a_stale_pid_file_of_a_dead_process_is_ignored() throws Exception {
        Files.writeString(dataDir.resolve("postmaster.pid"), "999999999\n");

        EmbeddedPostgresServers.stopOrphanedServer(dataDir, LOG);

        assertThat(Files.exists(dataDir.resolve("postmaster.pid"))).isTrue();
    }

    /** A process that starts PostgreSQL on a folder, writes a row, and dies without any shutdown (like kill -9). */
    static final class OrphanMaker {

        static final int HALTED = 37;

        public static void main(String[] args) throws Exception {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(Path.of(args[0]))
                    .setCleanDataDirectory(false).setRegisterShutdownHook(false).start();
            try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
                connection.createStatement().execute("CREATE TABLE survivor (id int); INSERT INTO survivor VALUES (42)");
            }
            Runtime.getRuntime().halt(HALTED);
        }
    }
}
