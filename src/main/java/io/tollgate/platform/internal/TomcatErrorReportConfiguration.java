package io.tollgate.platform.internal;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link TollgateErrorReportValve} where Tomcat's own error report would be, on the host that serves the
 * application (ADR 0044). Runs after Spring Boot's customizer, which adds a plain ErrorReportValve.
 */
@Configuration(proxyBeanMethods = false)
class TomcatErrorReportConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> tollgateErrorReport() {
        return new LateCustomizer();
    }

    /** After Spring Boot's TomcatWebServerFactoryCustomizer (order 0), so its context customizer runs first. */
    private static final class LateCustomizer
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> replaceErrorReport(context.getParent()));
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    private static void replaceErrorReport(Container host) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve && !(valve instanceof TollgateErrorReportValve)) {
                host.getPipeline().removeValve(valve);
            }
        }
        host.getPipeline().addValve(new TollgateErrorReportValve());
        if (host instanceof StandardHost standard) {
            standard.setErrorReportValveClass(TollgateErrorReportValve.class.getName());
        }
    }
}
