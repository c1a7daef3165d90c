package io.bnb.safetensors;
