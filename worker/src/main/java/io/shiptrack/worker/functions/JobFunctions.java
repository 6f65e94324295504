package io.shiptrack.worker.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;

import io.shiptrack.worker.WorkerApp;

/**
 * The worker's Functions: each binds its trigger and hands the payload to plain Java in {@link WorkerApp}. The
 * queue name and the sweep schedule are app settings ({@code %...%}); the {@code JobsQueue} connection resolves
 * through managed identity in Azure ({@code JobsQueue__queueServiceUri}, {@code JobsQueue__credential}).
 */
public class JobFunctions {

    /** A job message: run or continue the job. Throwing makes the runtime retry, then poison the message. */
    @FunctionName("RunJob")
    public void runJob(
            @QueueTrigger(name = "message", queueName = "%SHIPTRACK_QUEUE_NAME%", connection = "JobsQueue") String message,
            @BindingName("DequeueCount") long dequeueCount, @BindingName("Id") String id,
            final ExecutionContext context) {
        context.getLogger().fine(() -> "message " + id + ", delivery " + dequeueCount);
        JobRunnerOutcomeLog.log(context, id, WorkerApp.instance().runner().handle(message));
    }

    /**
     * A message of this region's region-bound jobs (WARM_CACHE for this region's Redis), on the queue that only
     * this region's Function App consumes: {@code <queue>-<region>}.
     */
    @FunctionName("RunRegionJob")
    public void runRegionJob(
            @QueueTrigger(name = "message", queueName = "%SHIPTRACK_QUEUE_NAME%-%SHIPTRACK_REGION%", connection = "JobsQueue") String message,
            @BindingName("DequeueCount") long dequeueCount, @BindingName("Id") String id,
            final ExecutionContext context) {
        runJob(message, dequeueCount, id, context);
    }

    /** A region-bound job message that failed maxDequeueCount times: mark its job FAILED. */
    @FunctionName("RegionJobPoison")
    public void regionJobPoison(
            @QueueTrigger(name = "message", queueName = "%SHIPTRACK_QUEUE_NAME%-%SHIPTRACK_REGION%-poison", connection = "JobsQueue") String message,
            @BindingName("DequeueCount") long dequeueCount, @BindingName("Id") String id,
            final ExecutionContext context) {
        jobPoison(message, dequeueCount, id, context);
    }

    /** A job message that failed maxDequeueCount times: mark its job FAILED. */
    @FunctionName("JobPoison")
    public void jobPoison(
            @QueueTrigger(name = "message", queueName = "%SHIPTRACK_QUEUE_NAME%-poison", connection = "JobsQueue") String message,
            @BindingName("DequeueCount") long dequeueCount, @BindingName("Id") String id,
            final ExecutionContext context) {
        WorkerApp.instance().poison().handle(message, dequeueCount);
    }

    /** The sweeper: enqueue forgotten jobs, re-enqueue abandoned ones, clean up finished ones. */
    @FunctionName("SweepJobs")
    public void sweepJobs(@TimerTrigger(name = "timer", schedule = "%SHIPTRACK_SWEEP_SCHEDULE%") String timer,
            final ExecutionContext context) {
        WorkerApp.instance().sweeper().sweep();
    }
}
