package io.tollgate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TollgateApplication {

    /** With {@code -Dtollgate.startup.record-steps=true}, the start-up steps are kept for {@code /actuator/startup}. */
    static final String RECORD_STEPS = "tollgate.startup.record-steps";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(TollgateApplication.class);
        if (Boolean.getBoolean(RECORD_STEPS)) {
            application.setApplicationStartup(new BufferingApplicationStartup(50_000));
        }
        application.run(args);
    }
}
