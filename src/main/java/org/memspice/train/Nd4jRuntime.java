package org.memspice.train;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/** Configures the ND4J CPU backend: native (OpenMP / BLAS) thread count. */
public final class Nd4jRuntime {
    private Nd4jRuntime() {
    }

    /** On a shared machine one native thread per process avoids the oversubscription that slows GEMM down. */
    public static void threads(int n) {
        Nd4j.create(1);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
    }
}
