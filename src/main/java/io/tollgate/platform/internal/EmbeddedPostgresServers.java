package io.tollgate.platform.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** Holds the zonky servers; only touched when zonky is on the classpath, so a lean build never loads it. */
final class EmbeddedPostgresServers {

    static final String OWNER_ROLE = "tollgate_owner";
    static final String RUNTIME_ROLE = "tollgate_app";
    static final String DATABASE = "tollgate";

    private static final Log shutdownLog = LogFactory.getLog(EmbeddedPostgresServers.class);
    private static final Map<Path, EmbeddedPostgres> RUNNING = new ConcurrentHashMap<>();

    /** One instance, so registering it with Boot's shutdown handlers more than once is harmless. */
    static final Runnable STOP_ALL = () -> RUNNING.keySet().forEach(EmbeddedPostgresServers::stop);

    private EmbeddedPostgresServers() {
    }

    static int startOrReuse(Path dataDir, boolean clean, int port, Log log) {
        return RUNNING.computeIfAbsent(dataDir, dir -> start(dir, clean, port, log)).getPort();
    }

    private static EmbeddedPostgres start(Path dataDir, boolean clean, int port, Log log) {
        try {
            Files.createDirectories(dataDir);
            stopOrphanedServer(dataDir, log);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setRegisterShutdownHook(false)
                    .setCleanDataDirectory(clean)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "on")
                    // zonky turns this off for test speed; an acknowledged commit must survive a crash.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            createRolesAndDatabase(postgres);
            log.info("Embedded PostgreSQL " + DATABASE + " on port " + postgres.getPort() + ", data in " + dataDir);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    /**
     * A server left running by a previous process that was killed (kill -9 never reaches our shutdown handlers)
     * still holds the data directory; shut it down so this start can proceed. Fast shutdown (SIGINT): it ends the
     * sessions still open and rolls back their transactions, which belonged to the dead process or to bystanders
     * (a monitoring session, an operator's psql). Smart shutdown (SIGTERM) waited for every such session to leave,
     * and held the restart until they did (issue 12).
     */
    static void stopOrphanedServer(Path dataDir, Log log) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        } catch (RuntimeException e) {
            return;
        }
        var orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        log.warn("Stopping PostgreSQL " + pid + " left running on " + dataDir + " by a previous process");
        requestFastShutdown(orphan.get());
        try {
            orphan.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for PostgreSQL " + pid + " to stop", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("PostgreSQL " + pid + " on " + dataDir + " did not stop; stop it and retry", e);
        }
    }

    private static void requestFastShutdown(ProcessHandle postmaster) throws IOException {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(postmaster.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // No kill(1) on this system (Windows): fall back to the platform's termination request.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping PostgreSQL " + postmaster.pid(), e);
        }
        postmaster.destroy();
    }

    private static void createRolesAndDatabase(EmbeddedPostgres postgres) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("""
                    DO $$ BEGIN
                      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1$s') THEN
                        CREATE ROLE %1$s LOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE;
                      END IF;
                      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%2$s') THEN
                        CREATE ROLE %2$s LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
                      END IF;
                    END $$""".formatted(OWNER_ROLE, RUNTIME_ROLE));
            try (var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER_ROLE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the embedded PostgreSQL roles", e);
        }
    }

    static void stop(Path dataDir) {
        EmbeddedPostgres postgres = RUNNING.remove(dataDir);
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                shutdownLog.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
