package models

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
)

// Sealer encrypts secrets at rest with AES-256-GCM; the associated data binds
// a ciphertext to its row (the connection id), so it cannot be moved.
type Sealer struct {
	aead cipher.AEAD
}

// NewSealer returns a Sealer for a 32-byte key.
func NewSealer(key []byte) (*Sealer, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("models: secret key must be 32 bytes, got %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("models: secret key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("models: secret key: %w", err)
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts plaintext; an empty plaintext seals to nil.
func (s *Sealer) Seal(plaintext, ad string) []byte {
	if plaintext == "" {
		return nil
	}
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	return s.aead.Seal(nonce, nonce, []byte(plaintext), []byte(ad))
}

// Open decrypts what Seal produced with the same ad; nil opens to "".
func (s *Sealer) Open(ciphertext []byte, ad string) (string, error) {
	if len(ciphertext) == 0 {
		return "", nil
	}
	n := s.aead.NonceSize()
	if len(ciphertext) < n {
		return "", errors.New("models: ciphertext too short")
	}
	pt, err := s.aead.Open(nil, ciphertext[:n], ciphertext[n:], []byte(ad))
	if err != nil {
		return "", fmt.Errorf("models: decrypt secret: %w", err)
	}
	return string(pt), nil
}
