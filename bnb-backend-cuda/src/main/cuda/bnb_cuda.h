// The native half of io.bnb.backend.cuda.CudaNative: JavaCPP's generated JNI source includes this
// header, so the whole library is one nvcc translation unit (one device link, no relocatable
// device code). Entry points take device addresses as 64-bit integers, return 0 or an error
// code, and leave the error's text in bnb_last_error() for the calling thread.
#pragma once
#include "common.cuh"
#include "blockwise.cuh"
#include "runtime.cuh"
#include "gemm4.cuh"
#include "gemv_mma.cuh"
#include "int8.cuh"
#include "cublaslt.cuh"
#include "optim.cuh"
