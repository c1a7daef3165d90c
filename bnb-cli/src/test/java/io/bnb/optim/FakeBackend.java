package io.bnb.optim;

import io.bnb.api.Backend;
import io.bnb.api.DType;
import io.bnb.api.Shapes;
import io.bnb.api.Support;
import io.bnb.api.Tensor;

import java.lang.reflect.Proxy;
import java.util.Optional;

/** A second "device" that supports no op, to check what the optimizer does with foreign tensors. */
final class FakeBackend {
    private FakeBackend() {}

    static final Backend BACKEND = (Backend) Proxy.newProxyInstance(FakeBackend.class.getClassLoader(), new Class<?>[] {Backend.class},
            (proxy, m, args) -> switch (m.getName()) {
                case "name" -> "fake";
                case "device" -> "nothing";
                case "support" -> Support.NONE;
                case "supportNote" -> "fake backend";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "FakeBackend";
                default -> throw new UnsupportedOperationException("fake backend: " + m.getName());
            });

    static Tensor tensor(DType dtype, long... shape) {
        return (Tensor) Proxy.newProxyInstance(FakeBackend.class.getClassLoader(), new Class<?>[] {Tensor.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "backend" -> BACKEND;
                    case "dtype" -> dtype;
                    case "shape" -> shape.clone();
                    case "numel" -> Shapes.numel(shape);
                    case "byteSize" -> Shapes.numel(shape) * dtype.byteSize();
                    case "rank" -> shape.length;
                    case "isPaged", "isClosed" -> false;
                    case "hostSegment" -> Optional.empty();
                    case "close" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "FakeTensor" + java.util.Arrays.toString(shape);
                    default -> throw new UnsupportedOperationException("fake tensor: " + m.getName());
                });
    }
}
