package io.tollgate.platform.internal.outbound;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The ports this application listens on (the main and the management port, as bound, random ones included): a
 * call to them on one of the machine's own addresses would be the application calling itself, behind the
 * network boundary that keeps the management port private.
 */
@Component
class OwnPorts {

    private final Set<Integer> ports = ConcurrentHashMap.newKeySet();

    OwnPorts(Environment environment) {
        for (String property : new String[] {"server.port", "management.server.port"}) {
            Integer port = environment.getProperty(property, Integer.class);
            if (port != null && port > 0) {
                ports.add(port);
            }
        }
    }

    @EventListener
    void listening(WebServerInitializedEvent event) {
        add(event.getWebServer().getPort());
    }

    void add(int port) {
        ports.add(port);
    }

    Set<Integer> current() {
        return Set.copyOf(ports);
    }
}
