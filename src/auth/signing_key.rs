//! A webhook secret set up once as the two precomputed HMAC-SHA256 states.
//!
//! HMAC (RFC 2104) is `H((K ^ opad) || H((K ^ ipad) || message))`, with `K` the secret padded to
//! SHA-256's 64-byte block (or first hashed, if it is longer). The two padded key blocks depend on
//! the secret alone, so [`SigningKey::new`] compresses each once and keeps only the two chaining
//! states; a request then costs the compressions of its own bytes plus one outer block, which is
//! the floor for HMAC-SHA256. The message is compressed straight from the caller's slices: a
//! 64-byte stack buffer only holds the partial blocks where the timestamp, the `.` and the body
//! meet, and the padded last block.
//!
//! Everything that holds key material is zeroized (with the `zeroize` crate, whose writes the
//! compiler may not remove) as soon as it is no longer needed: the key's two states when the key
//! is dropped, the padded key blocks and a long secret's hash during set-up, and per request the
//! copy of the outer state and the computed tag.

use core::fmt;
use core::slice;

use sha2::block_api::compress256;
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::auth::key_error::KeyError;
use crate::auth::sha256_stream::{BLOCK_LEN, DIGEST_LEN, SHA256_IV, Sha256Stream, state_bytes};

/// Length in bytes of an HMAC-SHA256 tag.
pub(crate) const TAG_LEN: usize = DIGEST_LEN;

/// RFC 2104's inner and outer pad bytes.
const IPAD: u8 = 0x36;
const OPAD: u8 = 0x5c;

/// The outer hash's only block after the opad block: room for the 32-byte inner hash, then
/// SHA-256 padding for a 96-byte message (the opad block and the inner hash), 768 bits = 0x0300.
const OUTER_BLOCK: [u8; BLOCK_LEN] = {
    let mut block = [0u8; BLOCK_LEN];
    block[TAG_LEN] = 0x80;
    block[BLOCK_LEN - 2] = 0x03;
    block
};

/// One webhook secret, prepared for HMAC-SHA256 over `timestamp || "." || body`.
///
/// The secret is the configured `webhook_secret` string's bytes **as they are**: a `whsec_` prefix
/// is part of the key and nothing is base64-decoded (this platform differs from Svix and Standard
/// Webhooks there). Building the key runs the HMAC key schedule once (the inner and outer padded
/// key blocks are hashed up front, and only the resulting states are kept), so each request costs
/// only the hashing of its own bytes and one more block.
///
/// The type holds secret material: it is not `Clone` (copies of a secret should be deliberate),
/// `Debug` prints no key bytes, and dropping it overwrites its key states with zeros
/// ([`ZeroizeOnDrop`]); so do the temporary buffers of the set-up and of each request.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{SigningKey, UnixTime};
///
/// let key = SigningKey::new("whsec_test_secret_12345")?;
/// let signed = key.sign(UnixTime::from_secs(1_700_000_000), br#"{"test":true}"#);
/// assert_eq!(signed.timestamp(), "1700000000");
/// assert_eq!(
///     signed.signature(),
///     "sha256=b7875b4bd3cc6c5c1a4453189b5fa746880c17cb42258530a7355906dbc5ec1d"
/// );
/// # Ok::<(), hmsovereign_webhooks::KeyError>(())
/// ```
pub struct SigningKey {
    /// The SHA-256 chaining state after the block `K ^ ipad`.
    inner: [u32; 8],
    /// The SHA-256 chaining state after the block `K ^ opad`.
    outer: [u32; 8],
}

impl SigningKey {
    /// Prepares `secret` (its bytes, used verbatim) as a signing and verification key.
    ///
    /// # Errors
    ///
    /// [`KeyError::EmptySecret`] if `secret` is empty.
    pub fn new<S: AsRef<[u8]> + ?Sized>(secret: &S) -> Result<Self, KeyError> {
        let secret = secret.as_ref();
        if secret.is_empty() {
            return Err(KeyError::EmptySecret);
        }
        let mut key_block = [0u8; BLOCK_LEN];
        if let Some(start) = key_block.get_mut(..secret.len()) {
            start.copy_from_slice(secret);
        } else if let Some((start, _)) = key_block.split_first_chunk_mut::<TAG_LEN>() {
            // RFC 2104: a key longer than the block is replaced by its hash (the stream clears
            // its state and buffer when dropped).
            let mut hash = Sha256Stream::new();
            hash.update(secret);
            *start = hash.finish();
        }
        let key =
            Self { inner: padded_key_state(&key_block, IPAD), outer: padded_key_state(&key_block, OPAD) };
        key_block.as_mut_slice().zeroize();
        Ok(key)
    }

    /// HMAC-SHA256 of `timestamp || "." || body`: the `timestamp` is the header text exactly as
    /// received (leading zeros included), the body the raw request bytes.
    ///
    /// A message of at most [`SMALL_MESSAGE`] bytes is copied with its padding into a stack buffer,
    /// so that its inner hash is a single call of the block function (measured: each further call
    /// costs a few nanoseconds, a tenth of a block, which shows at 256 bytes); a longer one is
    /// streamed from the caller's slices, where the call overhead is lost in the blocks' cost.
    pub(crate) fn tag(&self, timestamp: &[u8], body: &[u8]) -> [u8; TAG_LEN] {
        let mut blocks = [[0u8; BLOCK_LEN]; SMALL_BLOCKS];
        match pad_small(&mut blocks, timestamp, body) {
            Some(padded) => {
                let mut inner = self.inner;
                compress256(&mut inner, padded);
                let tag = self.outer_hash(&state_bytes(&inner));
                inner.as_mut_slice().zeroize();
                tag
            }
            None => self.mac(&[timestamp, b".", body]),
        }
    }

    /// Whether `expected` is the tag of `timestamp || "." || body`, compared in constant time: the
    /// words' differences are OR-ed together without a branch, and `subtle` compares the result
    /// with zero behind its optimisation barrier.
    ///
    /// Returns a [`Choice`] rather than a `bool` so that the one branch on the outcome (the verdict,
    /// which is public) is taken by the caller: nothing in here branches on or indexes by the key,
    /// the computed tag or how much of it agrees with `expected`.
    ///
    /// The computed tag is zeroized afterwards: for a forged request it is the one signature that
    /// would have been accepted.
    pub(crate) fn matches(&self, timestamp: &[u8], body: &[u8], expected: &[u8; TAG_LEN]) -> Choice {
        let mut tag = self.tag(timestamp, body);
        let same = same_tag(&tag, expected);
        tag.as_mut_slice().zeroize();
        same
    }

    /// HMAC-SHA256 of the concatenation of `parts`.
    fn mac(&self, parts: &[&[u8]]) -> [u8; TAG_LEN] {
        let mut inner = Sha256Stream::after_one_block(self.inner);
        for part in parts {
            inner.update(part);
        }
        self.outer_hash(&inner.finish())
    }

    /// The outer hash of HMAC over the inner hash: one block after the precomputed opad state.
    fn outer_hash(&self, inner: &[u8; DIGEST_LEN]) -> [u8; TAG_LEN] {
        let mut block = OUTER_BLOCK;
        if let Some((start, _)) = block.split_first_chunk_mut::<TAG_LEN>() {
            *start = *inner;
        }
        let mut outer = self.outer;
        compress256(&mut outer, slice::from_ref(&block));
        let tag = state_bytes(&outer);
        block.as_mut_slice().zeroize();
        outer.as_mut_slice().zeroize();
        tag
    }

    /// Overwrites both key states with zeros (what dropping the key does).
    fn wipe(&mut self) {
        self.inner.as_mut_slice().zeroize();
        self.outer.as_mut_slice().zeroize();
    }
}

impl Drop for SigningKey {
    fn drop(&mut self) {
        self.wipe();
    }
}

/// Dropping a key zeroizes its two HMAC states.
impl ZeroizeOnDrop for SigningKey {}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey([secret elided])")
    }
}

/// The stack buffer of [`SigningKey::tag`]'s one-call path, in blocks (512 bytes).
const SMALL_BLOCKS: usize = 8;

/// The longest message (`timestamp.body`) that fits [`SMALL_BLOCKS`] with its padding: the `0x80`
/// byte and the 8-byte length.
const SMALL_MESSAGE: usize = SMALL_BLOCKS * BLOCK_LEN - 9;

/// Writes `timestamp || "." || body` and SHA-256's padding (for a message that follows the one key
/// block) into the zeroed `blocks`, and returns the blocks it fills; `None`, with nothing written,
/// if the message is longer than [`SMALL_MESSAGE`].
fn pad_small<'b>(
    blocks: &'b mut [[u8; BLOCK_LEN]; SMALL_BLOCKS],
    timestamp: &[u8],
    body: &[u8],
) -> Option<&'b [[u8; BLOCK_LEN]]> {
    let dot = timestamp.len();
    let body_start = dot.checked_add(1)?;
    let len = body_start.checked_add(body.len()).filter(|&len| len <= SMALL_MESSAGE)?;
    // The `0x80` byte and the length need 9 bytes after the message; at most `SMALL_BLOCKS`.
    let count = len.checked_add(9 + BLOCK_LEN - 1)? / BLOCK_LEN;
    let bits = u64::try_from(len.checked_add(BLOCK_LEN)?).ok()?.checked_mul(8)?;
    let flat = blocks.as_flattened_mut();
    flat.get_mut(..dot)?.copy_from_slice(timestamp);
    *flat.get_mut(dot)? = b'.';
    flat.get_mut(body_start..len)?.copy_from_slice(body);
    *flat.get_mut(len)? = 0x80;
    let end = count.checked_mul(BLOCK_LEN)?;
    let (_, length) = flat.get_mut(..end)?.split_last_chunk_mut::<8>()?;
    *length = bits.to_be_bytes();
    blocks.get(..count)
}

/// The SHA-256 state after compressing the one block `key_block ^ pad`.
fn padded_key_state(key_block: &[u8; BLOCK_LEN], pad: u8) -> [u32; 8] {
    let mut block = key_block.map(|byte| byte ^ pad);
    let mut state = SHA256_IV;
    compress256(&mut state, slice::from_ref(&block));
    block.as_mut_slice().zeroize();
    state
}

/// Whether `ours` (a computed tag) equals `expected`, in constant time: the words' differences are
/// OR-ed together without a branch, and `subtle` compares the result with zero behind its
/// optimisation barrier. The word copy of `ours` is zeroized.
pub(crate) fn same_tag(ours: &[u8; TAG_LEN], expected: &[u8; TAG_LEN]) -> Choice {
    let mut ours = words(ours);
    let difference =
        ours.iter().zip(words(expected)).fold(0, |difference, (ours, theirs)| difference | (ours ^ theirs));
    ours.as_mut_slice().zeroize();
    difference.ct_eq(&0)
}

/// A tag as four machine words, for a comparison with one optimisation barrier rather than
/// thirty-three (`subtle` puts one around each element of a slice it compares).
fn words(tag: &[u8; TAG_LEN]) -> [u64; 4] {
    let mut words = [0u64; 4];
    for (word, bytes) in words.iter_mut().zip(tag.as_chunks::<8>().0) {
        *word = u64::from_ne_bytes(*bytes);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::{Hmac, KeyInit, Mac};
    use proptest::prelude::*;
    use sha2::Sha256;

    /// The tag as the `hmac` crate computes it: the reference this module is checked against.
    fn reference(key: &[u8], parts: &[&[u8]]) -> [u8; TAG_LEN] {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    fn unhex(text: &str) -> std::vec::Vec<u8> {
        (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
    }

    /// RFC 4231, test cases 1, 2, 3, 4, 6 and 7 (case 5 truncates the tag); 6 and 7 have
    /// 131-byte keys, which are hashed first.
    #[test]
    #[cfg_attr(
        miri,
        ignore = "exhaustive loop, too slow interpreted; runs natively, and the fuzz targets cover it"
    )]
    fn rfc_4231_known_answers() {
        let long_key = [0xaa; 131];
        let cases: [(&[u8], std::vec::Vec<u8>, &str); 6] = [
            (&[0x0b; 20], b"Hi There".to_vec(), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (
                b"Jefe",
                b"what do ya want for nothing?".to_vec(),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (&[0xaa; 20], [0xdd; 50].to_vec(), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            (
                &unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
                [0xcd; 50].to_vec(),
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
            ),
            (
                &long_key,
                b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            ),
            (
                &long_key,
                b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
            ),
        ];
        for (key, data, expected) in cases {
            let tag = SigningKey::new(key).unwrap().mac(&[&data]);
            assert_eq!(tag.to_vec(), unhex(expected), "{expected}");
            // The same bytes split anywhere give the same tag.
            for split in 0..=data.len() {
                let (a, b) = data.split_at(split);
                assert_eq!(SigningKey::new(key).unwrap().mac(&[a, b, b""]).to_vec(), unhex(expected));
            }
        }
    }

    #[test]
    fn wipe_clears_both_states() {
        for secret in [&b"whsec_test_secret_12345"[..], &[0xaa; 131]] {
            let mut key = SigningKey::new(secret).unwrap();
            assert!(key.inner.iter().chain(&key.outer).any(|&word| word != 0));
            let inner = key.inner;
            key.wipe();
            assert_eq!((key.inner, key.outer), ([0; 8], [0; 8]));
            // A wiped key is a different key: nothing of the old states survives.
            assert_ne!(inner, key.inner);
        }
    }

    #[test]
    fn key_lengths_around_the_block() {
        for len in [1, 31, 32, 33, 63, 64, 65, 128, 129] {
            let key: std::vec::Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
            assert_eq!(
                SigningKey::new(&key).unwrap().tag(b"1700000000", b"{}"),
                reference(&key, &[b"1700000000.{}"])
            );
        }
        assert_eq!(SigningKey::new("").err(), Some(KeyError::EmptySecret));
    }

    #[test]
    #[cfg_attr(
        miri,
        ignore = "exhaustive loop, too slow interpreted; runs natively, and the fuzz targets cover it"
    )]
    fn message_lengths_around_the_padding() {
        // 55, 56 and 64 message bytes (with the key block: 119, 120, 128) are SHA-256's edge cases.
        let key = SigningKey::new("whsec_test_secret_12345").unwrap();
        // Up to 600 body bytes: past SMALL_MESSAGE, where `tag` switches from one call to streaming.
        for body_len in (0..=200).chain(480..=600) {
            let body = std::vec![b'x'; body_len];
            let message = [&b"1700000000."[..], &body].concat();
            assert_eq!(
                key.tag(b"1700000000", &body),
                reference(b"whsec_test_secret_12345", &[&message]),
                "{body_len}"
            );
        }
    }

    #[test]
    #[cfg_attr(
        miri,
        ignore = "exhaustive loop, too slow interpreted; runs natively, and the fuzz targets cover it"
    )]
    fn matches_only_the_exact_tag() {
        let key = SigningKey::new("whsec_test_secret_12345").unwrap();
        let tag = key.tag(b"1700000000", b"{}");
        assert!(bool::from(key.matches(b"1700000000", b"{}", &tag)));
        for bit in 0..TAG_LEN * 8 {
            let mut altered = tag;
            altered[bit / 8] ^= 1 << (bit % 8);
            assert!(!bool::from(key.matches(b"1700000000", b"{}", &altered)), "bit {bit}");
        }
        assert!(!bool::from(key.matches(b"1700000001", b"{}", &tag)));
        assert!(!bool::from(key.matches(b"1700000000", b"{ }", &tag)));
    }

    proptest! {
        #[test]
        #[cfg_attr(miri, ignore = "hundreds of random MACs, too slow interpreted; runs natively")]
        fn same_tag_as_the_hmac_crate(
            key in proptest::collection::vec(any::<u8>(), 0..200),
            timestamp in proptest::collection::vec(any::<u8>(), 0..80),
            body in proptest::collection::vec(any::<u8>(), 0..300),
        ) {
            match SigningKey::new(&key) {
                Ok(signing_key) => prop_assert_eq!(
                    signing_key.tag(&timestamp, &body),
                    reference(&key, &[&timestamp, b".", &body])
                ),
                Err(error) => {
                    prop_assert!(key.is_empty());
                    prop_assert_eq!(error, KeyError::EmptySecret);
                }
            }
        }
    }
}
