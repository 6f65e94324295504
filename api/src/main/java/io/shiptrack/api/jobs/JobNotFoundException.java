package io.shiptrack.api.jobs;

/** No job with that id that the caller may see: 404, whether it exists or not. */
public class JobNotFoundException extends RuntimeException {

    public JobNotFoundException() {
        super("no such job");
    }
}
