package io.shiptrack.functionshost;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/**
 * The functions of the given classes, found by their annotations as the Maven plugin finds them to write
 * function.json, with {@code %AppSetting%} expressions resolved from the app settings, as the runtime does.
 */
final class FunctionIndex {

    private static final Pattern SETTING = Pattern.compile("%([A-Za-z0-9_]+)%");

    /** A queue-triggered function: its queue, its connection setting, and how to call it. */
    record QueueFunction(String name, String queueName, String connection, Method method) {
    }

    /** A timer-triggered function and its schedule. */
    record TimerFunction(String name, String schedule, Method method) {
    }

    final List<QueueFunction> queueFunctions = new ArrayList<>();
    final List<TimerFunction> timerFunctions = new ArrayList<>();

    FunctionIndex(List<Class<?>> classes, Map<String, String> appSettings) {
        for (Class<?> type : classes) {
            for (Method method : type.getMethods()) {
                FunctionName name = method.getAnnotation(FunctionName.class);
                if (name == null) {
                    continue;
                }
                for (Parameter parameter : method.getParameters()) {
                    QueueTrigger queue = parameter.getAnnotation(QueueTrigger.class);
                    TimerTrigger timer = parameter.getAnnotation(TimerTrigger.class);
                    if (queue != null) {
                        queueFunctions.add(new QueueFunction(name.value(), resolve(queue.queueName(), appSettings),
                                queue.connection(), method));
                    } else if (timer != null) {
                        timerFunctions.add(new TimerFunction(name.value(), resolve(timer.schedule(), appSettings),
                                method));
                    }
                }
            }
        }
    }

    static String resolve(String value, Map<String, String> appSettings) {
        Matcher m = SETTING.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String setting = appSettings.get(m.group(1));
            if (setting == null) {
                throw new IllegalStateException("app setting " + m.group(1) + " is not set (used in " + value + ")");
            }
            m.appendReplacement(resolved, Matcher.quoteReplacement(setting));
        }
        m.appendTail(resolved);
        return resolved.toString();
    }

    /**
     * Calls the function with its bindings: the trigger payload, {@code @BindingName("DequeueCount")} and
     * {@code @BindingName("Id")}, and an ExecutionContext. Returns normally or throws what the function threw.
     */
    static void invoke(String functionName, Method method, String payload, long dequeueCount, String id)
            throws Throwable {
        Object[] args = new Object[method.getParameterCount()];
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            Parameter p = parameters[i];
            BindingName binding = p.getAnnotation(BindingName.class);
            if (p.isAnnotationPresent(QueueTrigger.class) || p.isAnnotationPresent(TimerTrigger.class)) {
                args[i] = payload;
            } else if (binding != null && binding.value().equals("DequeueCount")) {
                args[i] = dequeueCount;
            } else if (binding != null && binding.value().equals("Id")) {
                args[i] = id;
            } else if (p.getType() == ExecutionContext.class) {
                args[i] = context(functionName);
            } else {
                throw new IllegalStateException("cannot bind parameter " + p + " of " + functionName);
            }
        }
        try {
            method.invoke(method.getDeclaringClass().getDeclaredConstructor().newInstance(), args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static ExecutionContext context(String functionName) {
        String invocationId = UUID.randomUUID().toString();
        Logger logger = Logger.getLogger("Function." + functionName);
        return new ExecutionContext() {
            @Override
            public Logger getLogger() {
                return logger;
            }

            @Override
            public String getInvocationId() {
                return invocationId;
            }

            @Override
            public String getFunctionName() {
                return functionName;
            }
        };
    }
}
