/** NVIDIA GPUs through CUDA kernels behind a JNI shim. */
module io.bnb.backend.cuda {
    requires transitive io.bnb.api;
    exports io.bnb.backend.cuda;
    provides io.bnb.spi.BackendProvider with io.bnb.backend.cuda.CudaProvider;
}
