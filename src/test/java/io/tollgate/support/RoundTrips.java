package io.tollgate.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the database round trips each HTTP request makes: every statement execution, batch, commit and rollback sent
 * on a connection of the application's pool while the request's {@code X-Request-Id} is in the logging context.
 * pgjdbc sends {@code BEGIN} with the first statement, so a transaction costs its statements plus its COMMIT.
 * Only for a test context of its own ({@link Configuration}): the shared context keeps the plain pool.
 */
public final class RoundTrips {

    private static final String REQUEST_ID = "requestId";

    private final Map<String, List<String>> byRequest = new ConcurrentHashMap<>();

    /** What the request with this id sent, in order ({@code COMMIT}, {@code ROLLBACK} or the SQL text). */
    public List<String> of(String requestId) {
        return List.copyOf(byRequest.getOrDefault(requestId, List.of()));
    }

    private void record(String what) {
        String request = MDC.get(REQUEST_ID);
        if (request != null) {
            byRequest.computeIfAbsent(request, id -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(what);
        }
    }

    DataSource counting(DataSource pool) {
        return new DelegatingDataSource(pool) {
            @Override
            public Connection getConnection() throws java.sql.SQLException {
                return proxy(Connection.class, super.getConnection(), new ConnectionCalls());
            }

            @Override
            public Connection getConnection(String username, String password) throws java.sql.SQLException {
                return proxy(Connection.class, super.getConnection(username, password), new ConnectionCalls());
            }
        };
    }

    private final class ConnectionCalls implements Calls {
        @Override
        public @Nullable Object after(Method method, Object @Nullable [] args, @Nullable Object result) {
            switch (method.getName()) {
                case "commit" -> record("COMMIT");
                case "rollback" -> record("ROLLBACK");
                case "createStatement" -> {
                    return proxy(Statement.class, result, new StatementCalls(null));
                }
                case "prepareStatement" -> {
                    return proxy(PreparedStatement.class, result, new StatementCalls((String) args[0]));
                }
                case "prepareCall" -> {
                    return proxy(CallableStatement.class, result, new StatementCalls((String) args[0]));
                }
                default -> {
                }
            }
            return result;
        }
    }

    private final class StatementCalls implements Calls {
        private final @Nullable String prepared;

        StatementCalls(@Nullable String prepared) {
            this.prepared = prepared;
        }

        @Override
        public @Nullable Object after(Method method, Object @Nullable [] args, @Nullable Object result) {
            if (method.getName().startsWith("execute")) {
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : prepared;
                record(String.valueOf(sql).replaceAll("\\s+", " ").strip());
            }
            return result;
        }
    }

    private interface Calls {
        @Nullable Object after(Method method, Object @Nullable [] args, @Nullable Object result);
    }

    private static <T> T proxy(Class<T> type, @Nullable Object target, Calls calls) {
        if (target == null) {
            return null;
        }
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> wanted
                    && wanted.isInstance(target)) {
                return target;
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return calls.after(method, args, result);
        };
        return type.cast(Proxy.newProxyInstance(RoundTrips.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {

        @Bean
        RoundTrips roundTrips() {
            return new RoundTrips();
        }

        @Bean
        static BeanPostProcessor countingDataSource(org.springframework.beans.factory.ObjectProvider<RoundTrips> trips) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource pool && name.equals("dataSource")
                            ? trips.getObject().counting(pool) : bean;
                }
            };
        }
    }
}
