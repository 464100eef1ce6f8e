// The Linux ARM EABI as tsemu implements it: AT_HWCAP/AT_HWCAP2/AT_PLATFORM. (Stub values.)

/** AT_HWCAP bits (arch/arm/include/uapi/asm/hwcap.h) for what is implemented. */
export const ARM_HWCAP = 0;
export const ARM_HWCAP2 = 0;
export const ARM_PLATFORM = 'v7l';
