package io.shiptrack.api.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.function.Supplier;

import io.restassured.response.Response;

/**
 * How long the API itself took to answer a request, from its own {@code http_server_requests} timer in
 * {@code /q/metrics} (the sum and count of every series of one method and route), instead of a clock in the test: a
 * loaded machine delays the test's client and its scheduling as much as the code under test. Only for requests sent
 * one at a time: the time is the growth of the route's sum while the one request ran.
 */
public final class ServerTimes {

    private ServerTimes() {
    }

    /** A response and the time the server recorded for it. */
    public record Timed(Response response, Duration took) {
    }

    /**
     * Sends {@code request} (a {@code method} on {@code route}, the route as the metrics name it, such as
     * {@code /api/v1/shipments/{trackingNumber}}), and returns its response with the time the server took.
     */
    public static Timed time(String method, String route, Supplier<Response> request) {
        double[] before = read(method, route);
        Response response = request.get();
        // The timer is recorded when the answer has been written, which may be just after the client read it.
        double[] after = new double[2];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            double[] now = read(method, route);
            after[0] = now[0];
            after[1] = now[1];
            return now[1] >= before[1] + 1;
        });
        if (after[1] != before[1] + 1) {
            throw new IllegalStateException(method + " " + route + " answered " + (after[1] - before[1])
                    + " requests meanwhile: the timer cannot tell this one's time");
        }
        return new Timed(response, Duration.ofNanos(Math.round((after[0] - before[0]) * 1e9)));
    }

    /** The sum (seconds) and the count of {@code method} requests on {@code route}, over every status. */
    static double[] read(String method, String route) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        double count = 0;
        String labels = "method=\"" + method + "\"";
        String uri = "uri=\"" + route + "\"";
        for (String line : metrics.split("\n")) {
            if (!line.contains(labels) || !line.contains(uri)) {
                continue;
            }
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith("http_server_requests_seconds_sum{")) {
                sum += value;
            } else if (line.startsWith("http_server_requests_seconds_count{")) {
                count += value;
            }
        }
        return new double[]{sum, count};
    }
}
