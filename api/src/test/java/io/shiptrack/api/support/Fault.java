package io.shiptrack.api.support;

import io.shiptrack.localstack.FaultProxy;

/** The faults a test can put in front of a table endpoint. */
public enum Fault {
    SERVICE_UNAVAILABLE {
        @Override
        public void apply(FaultProxy proxy) {
            proxy.fail503();
        }
    },
    CONNECTION_RESET {
        @Override
        public void apply(FaultProxy proxy) {
            proxy.resetConnections();
        }
    },
    HANG {
        @Override
        public void apply(FaultProxy proxy) {
            proxy.hang(FaultProxy.LONG_HANG);
        }
    };

    public abstract void apply(FaultProxy proxy);
}
