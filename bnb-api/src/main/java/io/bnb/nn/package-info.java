/**
 * Inference layers in the manner of {@code bitsandbytes.nn}: {@link io.bnb.nn.Linear4bit} (NF4/FP4,
 * optional double quantization, compute dtype), {@link io.bnb.nn.Linear8bitLt} (LLM.int8 with
 * outlier decomposition) and {@link io.bnb.nn.Embedding4bit}. Each holds its tensors on one
 * {@link io.bnb.api.Backend}, runs on the raw ops of that backend and is {@link java.lang.AutoCloseable}.
 * Reading and writing their state dicts (the Hugging Face / bitsandbytes file layout) lives in
 * {@code io.bnb.safetensors.hf}, so this package stays free of dependencies.
 */
package io.bnb.nn;
