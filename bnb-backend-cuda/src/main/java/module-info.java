/** NVIDIA GPUs through CUDA kernels behind a JavaCPP JNI shim. */
module io.bnb.backend.cuda {
    requires transitive io.bnb.api;
    requires org.bytedeco.javacpp;
    exports io.bnb.backend.cuda;
    exports io.bnb.backend.cuda.bench;
    provides io.bnb.spi.BackendProvider with io.bnb.backend.cuda.CudaProvider;
}
