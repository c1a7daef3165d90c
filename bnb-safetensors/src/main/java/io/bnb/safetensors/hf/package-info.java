/**
 * The Hugging Face side of bitsandbytes checkpoints: the 4-bit state-dict layout with its packed
 * quant-state JSON ({@link io.bnb.safetensors.hf.Bnb4bitFormat}, {@link io.bnb.safetensors.hf.QuantStateJson}),
 * the LLM.int8 layout ({@link io.bnb.safetensors.hf.Bnb8bitFormat}), transformers'
 * {@code quantization_config} ({@link io.bnb.safetensors.hf.QuantizationConfig}), whole-checkpoint
 * conversion ({@link io.bnb.safetensors.hf.CheckpointConverter}) and byte-exact Python JSON output
 * ({@link io.bnb.safetensors.hf.PyJson}, {@link io.bnb.safetensors.hf.PyFloat}).
 */
package io.bnb.safetensors.hf;
