//! An incremental SHA-256 over the caller's slices, resumed from a chaining state: the inner hash
//! of HMAC, which starts after the one block of the padded key. Also hashes a secret longer than
//! a block, from the start.
//!
//! The chaining state is derived from the key (it starts as the key's inner state) and the buffer
//! may hold key bytes (a long secret being hashed), so both are zeroized when the stream is
//! dropped.

use core::slice;

use sha2::block_api::compress256;
use zeroize::Zeroize;

/// SHA-256's initial chaining value (FIPS 180-4, section 5.3.3).
pub(crate) const SHA256_IV: [u32; 8] =
    [0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19];

/// SHA-256's block length in bytes.
pub(crate) const BLOCK_LEN: usize = 64;

/// SHA-256's digest length in bytes.
pub(crate) const DIGEST_LEN: usize = 32;

/// Where the message length goes in SHA-256's last block: its final 8 bytes.
const LENGTH_OFFSET: usize = 56;

/// An incremental SHA-256 that compresses whole blocks straight from the input slices and buffers
/// only a partial block between them.
pub(crate) struct Sha256Stream {
    state: [u32; 8],
    /// The start of a block not yet compressed: its first `buffered` bytes are message bytes, the
    /// rest zeros (so the padding needs no clearing).
    buffer: [u8; BLOCK_LEN],
    /// Always below `BLOCK_LEN`.
    buffered: usize,
    /// The message length in bytes so far, the blocks compressed before `state` included.
    length: u64,
}

impl Sha256Stream {
    /// A SHA-256 from the start (the initial chaining value, nothing hashed yet).
    pub(crate) const fn new() -> Self {
        Self { state: SHA256_IV, buffer: [0; BLOCK_LEN], buffered: 0, length: 0 }
    }

    /// Goes on from `state`, the chaining state after exactly one block.
    pub(crate) const fn after_one_block(state: [u32; 8]) -> Self {
        Self { state, buffer: [0; BLOCK_LEN], buffered: 0, length: BLOCK_LEN as u64 }
    }

    pub(crate) fn update(&mut self, mut data: &[u8]) {
        // SHA-256 counts the length modulo 2^64 bits; no slice comes near that, and wrapping is
        // the specified behaviour anyway. (`usize` is at most 64 bits on every Rust target.)
        self.length = self.length.wrapping_add(u64::try_from(data.len()).unwrap_or(u64::MAX));
        if self.buffered != 0 {
            let free = self.buffer.get_mut(self.buffered..).unwrap_or_default();
            let taken = free.len().min(data.len());
            let Some((head, rest)) = data.split_at_checked(taken) else { return };
            if let Some(dst) = free.get_mut(..taken) {
                dst.copy_from_slice(head);
            }
            // At most `BLOCK_LEN`: `taken` is at most the free room.
            self.buffered = self.buffered.wrapping_add(taken);
            if self.buffered < BLOCK_LEN {
                return;
            }
            compress256(&mut self.state, slice::from_ref(&self.buffer));
            self.buffer = [0; BLOCK_LEN];
            self.buffered = 0;
            data = rest;
        }
        let (blocks, rest) = data.as_chunks::<BLOCK_LEN>();
        if !blocks.is_empty() {
            compress256(&mut self.state, blocks);
        }
        if let Some(dst) = self.buffer.get_mut(..rest.len()) {
            dst.copy_from_slice(rest);
        }
        self.buffered = rest.len();
    }

    /// Pads the message (a `1` bit, zeros, the length in bits) and returns the digest.
    pub(crate) fn finish(mut self) -> [u8; DIGEST_LEN] {
        let bits = self.length.wrapping_mul(8);
        if let Some((marker, zeros)) = self.buffer.get_mut(self.buffered..).and_then(<[u8]>::split_first_mut)
        {
            *marker = 0x80;
            zeros.fill(0);
        }
        if self.buffered >= LENGTH_OFFSET {
            // No room left for the length: it goes in one more block.
            compress256(&mut self.state, slice::from_ref(&self.buffer));
            self.buffer = [0; BLOCK_LEN];
        }
        if let Some((_, length)) = self.buffer.split_last_chunk_mut::<8>() {
            *length = bits.to_be_bytes();
        }
        compress256(&mut self.state, slice::from_ref(&self.buffer));
        state_bytes(&self.state)
    }
}

impl Drop for Sha256Stream {
    fn drop(&mut self) {
        self.state.as_mut_slice().zeroize();
        self.buffer.as_mut_slice().zeroize();
    }
}

/// The big-endian bytes of a SHA-256 chaining state: the digest, once the last block is in.
pub(crate) fn state_bytes(state: &[u32; 8]) -> [u8; DIGEST_LEN] {
    let mut out = [0u8; DIGEST_LEN];
    for (bytes, word) in out.as_chunks_mut::<4>().0.iter_mut().zip(state) {
        *bytes = word.to_be_bytes();
    }
    out
}
