package io.shiptrack.worker.functions;

import com.microsoft.azure.functions.ExecutionContext;

import io.shiptrack.worker.jobs.JobRunner;

/** One log line per handled job message, in the function's own log. */
final class JobRunnerOutcomeLog {

    private JobRunnerOutcomeLog() {
    }

    static void log(ExecutionContext context, String messageId, JobRunner.Result result) {
        context.getLogger().info(() -> "message " + messageId + ": " + result.outcome() + " after " + result.chunks()
                + " chunk(s) in " + result.elapsed().toMillis() + " ms");
    }
}
